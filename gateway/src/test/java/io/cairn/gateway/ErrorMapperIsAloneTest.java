package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the error mapper turns errors into gRPC statuses (style rule; no ArchUnit dependency yet).
 * Transport plumbing may pass a status along (a forwarding {@code ServerCall} must name the type);
 * making one, or reading a code, is the mapper's alone.
 */
class ErrorMapperIsAloneTest {
    private static final Pattern USES_STATUS = Pattern.compile("\\bio\\.grpc\\.Status\\.|"
            + "\\bStatus\\.(Code|fromThrowable|fromCode|fromCodeValue|[A-Z_]+\\b)");

    @Test
    void noOtherMainClassTouchesGrpcStatus() throws IOException {
        Path sources = Path.of("src/main/java/io/cairn/gateway");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("ErrorMapper.java"))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return USES_STATUS.matcher(text).find() && !text.contains("import io.helidon.http.Status;");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }
}
