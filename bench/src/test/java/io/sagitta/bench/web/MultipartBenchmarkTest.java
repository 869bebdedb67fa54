package io.sagitta.bench.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.bench.data.SyntheticInstances;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart benchmark moves what it says, and its setup check catches a body that is wrong. */
class MultipartBenchmarkTest {

    @Test
    void readAndWriteMoveEveryPartWhicheverWayTheBodyArrives() {
        MultipartBenchmark bench = new MultipartBenchmark();
        for (SyntheticInstances.Kind kind : List.of(SyntheticInstances.Kind.SMALL, SyntheticInstances.Kind.CT)) {
            long instance = kind.encode().length;
            for (Delivery delivery : Delivery.values()) {
                MultipartBenchmark.Request request = new MultipartBenchmark.Request();
                request.instance = kind;
                request.parts = 3;
                request.delivery = delivery;
                request.build();
                assertEquals(3 * instance, bench.read(request), kind + " " + delivery);
            }
            MultipartBenchmark.Response response = new MultipartBenchmark.Response();
            response.instance = kind;
            response.parts = 3;
            response.build();
            long written = bench.write(response);
            assertTrue(written > 3 * instance && written < 3 * (instance + 400), kind + ": " + written + " bytes written");
        }
    }

    @Test
    void aPartOfTheWrongSizeFailsTheCheck() {
        byte[] instance = SyntheticInstances.Kind.SMALL.encode();
        byte[] shorter = java.util.Arrays.copyOf(instance, instance.length - 1);
        Buffer body = StowBody.of(shorter, 2);
        PartTally tally = MultipartBenchmark.read(Delivery.CHUNKED_64K.split(body), StowBody.BOUNDARY, 2, true);
        assertThrows(IllegalStateException.class, () -> tally.check(2, instance));
        assertThrows(IllegalStateException.class, () -> tally.check(3, shorter));
        tally.check(2, shorter);
    }
}
