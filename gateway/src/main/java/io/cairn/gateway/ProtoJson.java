package io.cairn.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * etcd's JSON gateway mapping of protobuf messages: proto field names, bytes as base64,
 * 64-bit integers as strings, default values left out.
 */
final class ProtoJson {
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoJson() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> T parse(String json, Message.Builder builder) {
        String body = json == null || json.isBlank() ? "{}" : json;
        try {
            PARSER.merge(body, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new GatewayException(new GatewayError.Malformed(
                    "cairn: malformed JSON request: " + e.getMessage()), e);
        }
        return (T) builder.build();
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new GatewayException(new GatewayError.Internal("cairn: cannot print " + e.getMessage()), e);
        }
    }
}
