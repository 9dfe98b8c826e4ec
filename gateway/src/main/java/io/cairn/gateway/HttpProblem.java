package io.cairn.gateway;

/**
 * An error as HTTP answers it. The body carries etcd grpc-gateway's fields
 * ({@code error}, {@code code}, {@code message}) and RFC 9457 problem fields
 * ({@code title}, {@code status}, {@code detail}).
 *
 * @param httpStatus HTTP status code
 * @param grpcCode the gRPC status code the same error has over gRPC
 * @param message etcd's message
 */
record HttpProblem(int httpStatus, int grpcCode, String message) {
}
