package io.sagitta.dicomweb.rendered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sagitta.dicomweb.http.HttpProblem;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderingParametersTest {

    private static RenderingParameters parse(String... pairs) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return RenderingParameters.fromQuery(query, 0);
    }

    @Test
    void defaultsAndValues() {
        RenderingParameters none = parse();
        assertNull(none.window());
        assertEquals(0, none.viewportWidth());
        assertEquals(RenderingParameters.DEFAULT_QUALITY, none.quality());
        RenderingParameters p = parse("window", "-600.5,1500,LINEAR_EXACT", "viewport", "256,128", "quality", "75");
        assertEquals(new VoiWindow(-600.5, 1500, VoiWindow.Function.LINEAR_EXACT), p.window());
        assertEquals(256, p.viewportWidth());
        assertEquals(128, p.viewportHeight());
        assertEquals(75, p.quality());
        assertEquals(VoiWindow.Function.LINEAR, parse("window", "40,400").window().function());
        assertEquals(VoiWindow.Function.SIGMOID, parse("window", "40,400,sigmoid").window().function());
    }

    @Test
    void malformedIs400() {
        for (List<String> bad : List.of(List.of("window", "40"), List.of("window", "40,0.5,linear"), List.of("window", "40,0,sigmoid"),
            List.of("window", "NaN,10"), List.of("window", "1,Infinity"), List.of("viewport", "10,10,0,0,5,5"),
            List.of("viewport", "-1,10"), List.of("quality", "1.5"))) {
            assertThrows(HttpProblem.class, () -> parse(bad.get(0), bad.get(1)), bad.toString());
        }
        MultiMap twice = MultiMap.caseInsensitiveMultiMap().add("quality", "1").add("quality", "2");
        assertThrows(HttpProblem.class, () -> RenderingParameters.fromQuery(twice, 0));
    }

    @Test
    void windowFunctionsFollowPs33() {
        VoiWindow linear = new VoiWindow(100, 201, VoiWindow.Function.LINEAR);
        // Below c - 0.5 - (w - 1) / 2 black, above c - 0.5 + (w - 1) / 2 white, a line between.
        assertEquals(0, linear.grey(-0.5));
        assertEquals(1, linear.grey(-0.1));
        assertEquals(254, linear.grey(199));
        assertEquals(255, linear.grey(199.6));
        assertEquals(128, linear.grey(100));
        VoiWindow exact = new VoiWindow(0, 100, VoiWindow.Function.LINEAR_EXACT);
        assertEquals(0, exact.grey(-50));
        assertEquals(255, exact.grey(51));
        assertEquals(128, exact.grey(0));
        VoiWindow sigmoid = new VoiWindow(0, 100, VoiWindow.Function.SIGMOID);
        assertEquals(128, sigmoid.grey(0));
        assertEquals(Math.round(255 / (1 + Math.exp(-2))), sigmoid.grey(50));
    }

    @Test
    void mediaTypeNegotiation() {
        assertEquals(RenderedMediaType.JPEG, RenderedMediaType.negotiate(List.of()));
        assertEquals(RenderedMediaType.JPEG, RenderedMediaType.negotiate(List.of("*/*")));
        assertEquals(RenderedMediaType.PNG, RenderedMediaType.negotiate(List.of("image/png")));
        assertEquals(RenderedMediaType.PNG, RenderedMediaType.negotiate(List.of("image/jpeg;q=0.4, image/png;q=0.9")));
        assertEquals(RenderedMediaType.PNG, RenderedMediaType.negotiate(List.of("multipart/related; type=\"image/png\"")));
        assertEquals(RenderedMediaType.JPEG, RenderedMediaType.negotiate(List.of("image/gif, image/*;q=0.1")));
        assertThrows(HttpProblem.class, () -> RenderedMediaType.negotiate(List.of("image/gif")));
        assertThrows(HttpProblem.class, () -> RenderedMediaType.negotiate(List.of("image/png;q=0")));
    }
}
