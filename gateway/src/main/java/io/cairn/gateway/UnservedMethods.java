package io.cairn.gateway;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * etcd's methods Cairn does not serve: storage maintenance (defragment, hashes, snapshots,
 * leader moves), membership changes, users and roles. They belong to the operator (the
 * {@code cairn} commands), not to a tenant. Without this, a call to one of them ends in the
 * HTTP layer ("Not Found: HTTP status code 404; transport: missing content-type field"); with
 * it, the client gets gRPC {@code UNIMPLEMENTED} with Cairn's reason, mapped by {@link ErrorMapper}.
 */
final class UnservedMethods {
    /** etcd 3.5's methods of the services Cairn serves in part, by service. */
    static final Map<String, List<String>> ETCD = Map.of(
            "etcdserverpb.Maintenance", List.of("Defragment", "Hash", "HashKV", "Snapshot", "MoveLeader", "Downgrade"),
            "etcdserverpb.Cluster", List.of("MemberAdd", "MemberRemove", "MemberUpdate", "MemberPromote"),
            "etcdserverpb.Auth", List.of("AuthEnable", "AuthDisable", "AuthStatus", "UserAdd", "UserGet", "UserList",
                    "UserDelete", "UserChangePassword", "UserGrantRole", "UserRevokeRole", "RoleAdd", "RoleGet",
                    "RoleList", "RoleDelete", "RoleGrantPermission", "RoleRevokePermission"));

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private UnservedMethods() {
    }

    /** {@code service} plus the methods of its etcd service it does not serve, each refusing at once. */
    static BindableService withUnserved(BindableService service) {
        ServerServiceDefinition served = service.bindService();
        String name = served.getServiceDescriptor().getName();
        ServerServiceDefinition.Builder all = ServerServiceDefinition.builder(name);
        served.getMethods().forEach(all::addMethod);
        for (String method : ETCD.getOrDefault(name, List.of())) {
            MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(BYTES, BYTES)
                    .setType(method.equals("Snapshot") ? MethodDescriptor.MethodType.SERVER_STREAMING
                            : MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(name, method))
                    .build();
            all.addMethod(descriptor, refusing(name.substring(name.indexOf('.') + 1) + "." + method));
        }
        ServerServiceDefinition definition = all.build();
        return () -> definition;
    }

    private static ServerCallHandler<byte[], byte[]> refusing(String method) {
        GatewayError error = new GatewayError.Unimplemented("cairn: " + method
                + " is not served: storage, membership, users and roles are the operator's (docs/api.md)");
        return (call, headers) -> {
            ErrorMapper.closeCall(call, new GatewayException(error));
            return new ServerCall.Listener<>() {
            };
        };
    }
}
