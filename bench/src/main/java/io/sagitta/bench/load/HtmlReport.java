package io.sagitta.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: the table, and per operation an inline SVG chart of
 * instances per second over time and one of latency percentiles. No script, no external resource.
 */
final class HtmlReport {

    private static final String STYLE = "body{font:14px sans-serif;margin:2em;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "th:first-child,td:first-child{text-align:left}.fail{color:#b00;font-weight:bold}.pass{color:#070;font-weight:bold}"
        + "svg{border:1px solid #ddd;margin:4px 12px 12px 0}text{font:11px sans-serif}";

    private HtmlReport() {
    }

    static String of(LoadReport r) {
        return page("Sagitta load report: " + r.config().get("workload"), body(r));
    }

    static String compare(LoadReport a, LoadReport b) {
        StringBuilder s = new StringBuilder("<h2>B / A</h2>").append(ratioTable(a, b));
        s.append("<h2>A</h2>").append(body(a)).append("<h2>B</h2>").append(body(b));
        return page("Sagitta load comparison: " + a.config().get("workload"), s.toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>" + STYLE
            + "</style></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>\n";
    }

    private static String body(LoadReport r) {
        StringBuilder s = new StringBuilder();
        s.append("<p>Target: ").append(esc(r.target())).append("<br>Started: ").append(esc(r.started().toString()))
            .append("<br>Configuration: ").append(esc(r.config().toString()))
            .append("<br>Machine: ").append(esc(JsonReport.machine().encode())).append("</p>");
        s.append(r.passed() ? "<p class=\"pass\">PASS</p>" : "<p class=\"fail\">FAIL: " + r.errors()
            + " failed operations" + (r.aborted() == null ? "" : "; " + esc(r.aborted())) + "</p>");
        s.append("<table><tr><th>operation</th><th>ok</th><th>errors</th><th>ops/s</th><th>inst/s</th><th>MB/s</th>"
            + "<th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>studies/day</th></tr>");
        for (OperationStats o : r.operations()) {
            LatencyRecorder l = o.latencies();
            Double perDay = r.studiesPerDay(o);
            s.append("<tr><td>").append(esc(o.name())).append("</td><td>").append(o.succeeded()).append("</td><td")
                .append(o.errorCount() > 0 ? " class=\"fail\">" : ">").append(o.errorCount()).append("</td><td>")
                .append(ConsoleReport.f1(o.operationsPerSecond())).append("</td><td>")
                .append(o.countsStudies() ? ConsoleReport.f1(o.instancesPerSecond()) : "-").append("</td><td>")
                .append(ConsoleReport.f1(o.megabytesPerSecond())).append("</td><td>")
                .append(ConsoleReport.ms(l.percentileNanos(50))).append("</td><td>")
                .append(ConsoleReport.ms(l.percentileNanos(95))).append("</td><td>")
                .append(ConsoleReport.ms(l.percentileNanos(99))).append("</td><td>")
                .append(ConsoleReport.ms(l.maxNanos())).append("</td><td>")
                .append(perDay == null ? "-" : String.format(Locale.ROOT, "%,.0f", perDay)).append("</td></tr>");
        }
        s.append("</table>");
        for (OperationStats o : r.operations()) {
            for (Map.Entry<String, Long> e : o.errors().entrySet()) {
                s.append("<p class=\"fail\">").append(esc(o.name() + " " + e.getKey() + " x" + e.getValue() + ": "
                    + o.firstMessage(e.getKey()))).append("</p>");
            }
        }
        for (OperationStats o : r.measured()) {
            s.append("<h3>").append(esc(o.name())).append("</h3>");
            int seconds = (int) Math.min(JsonReport.MAX_TIMELINE_SECONDS, Math.ceil(o.elapsedSeconds()));
            if (o.countsStudies()) {
                s.append(timeline(o.timeline(seconds)));
            }
            s.append(percentiles(o.latencies()));
        }
        return s.toString();
    }

    private static String ratioTable(LoadReport a, LoadReport b) {
        StringBuilder s = new StringBuilder("<table><tr><th>operation</th>");
        for (String column : CompareReport.COLUMNS) {
            s.append("<th>").append(esc(column)).append("</th>");
        }
        s.append("</tr>");
        for (Map.Entry<String, List<Double>> row : CompareReport.ratios(a, b).entrySet()) {
            s.append("<tr><td>").append(esc(row.getKey())).append("</td>");
            for (Double v : row.getValue()) {
                s.append("<td>").append(CompareReport.ratio(v)).append("</td>");
            }
            s.append("</tr>");
        }
        return s.append("</table>").toString();
    }

    /** Instances per second, one point a second. */
    private static String timeline(long[] perSecond) {
        int w = 600;
        int h = 160;
        long top = 1;
        for (long v : perSecond) {
            top = Math.max(top, v);
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < perSecond.length; i++) {
            double x = 40 + (perSecond.length == 1 ? 0 : (double) i / (perSecond.length - 1) * (w - 50));
            double y = h - 20 - (double) perSecond[i] / top * (h - 40);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<svg width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\">"
            + "<text x=\"40\" y=\"14\">instances/s over " + perSecond.length + " s (max " + top + ")</text>"
            + "<line x1=\"40\" y1=\"" + (h - 20) + "\" x2=\"" + (w - 10) + "\" y2=\"" + (h - 20) + "\" stroke=\"#888\"/>"
            + "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"" + points + "\"/></svg>";
    }

    /** p50, p95, p99 and max as bars. */
    private static String percentiles(LatencyRecorder l) {
        String[] names = {"p50", "p95", "p99", "max"};
        long[] values = {l.percentileNanos(50), l.percentileNanos(95), l.percentileNanos(99), l.maxNanos()};
        long top = Math.max(1, values[3]);
        int w = 360;
        StringBuilder s = new StringBuilder("<svg width=\"" + w + "\" height=\"130\" viewBox=\"0 0 " + w + " 130\">"
            + "<text x=\"4\" y=\"14\">latency, ms</text>");
        for (int i = 0; i < names.length; i++) {
            double len = (double) values[i] / top * (w - 130);
            int y = 24 + i * 26;
            s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text><rect x=\"40\" y=\"%d\" width=\"%.1f\" "
                + "height=\"18\" fill=\"#ef6c00\"/><text x=\"%.1f\" y=\"%d\">%s</text>", y + 13, names[i], y,
                Math.max(1, len), 46 + len, y + 13, ConsoleReport.ms(values[i])));
        }
        return s.append("</svg>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
