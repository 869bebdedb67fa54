package io.sagitta.dicomweb.http;

import io.sagitta.dicomweb.DicomWebOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * The URLs of studies, series and instances as clients see them: the configured base URL, else the
 * router's mount point as a server-relative path ({@code /dicom-web}), then the PS3.18 resource
 * path. UIDs go in as they are: the ones used here come from the index, where only UIDs that
 * passed {@link #requireUid} can be matched.
 */
public final class ResourceUrls {

    private ResourceUrls() {
    }

    /** The base for this request, without a trailing slash ("" when mounted at the root). */
    public static String base(RoutingContext ctx, DicomWebOptions options) {
        if (options.baseUrl() != null) {
            return options.baseUrl();
        }
        String mount = ctx.mountPoint();
        if (mount == null) {
            return "";
        }
        int end = mount.length();
        while (end > 0 && mount.charAt(end - 1) == '/') {
            end--;
        }
        return mount.substring(0, end);
    }

    public static String study(String base, String study) {
        return base + "/studies/" + study;
    }

    public static String series(String base, String study, String series) {
        return study(base, study) + "/series/" + series;
    }

    public static String instance(String base, String study, String series, String instance) {
        return series(base, study, series) + "/instances/" + instance;
    }

    /**
     * A UID from the request path. Lenient about the UID grammar (archives hold non-conformant
     * UIDs) but never lets one be read as matching syntax: no wildcards, no lists.
     */
    public static String requireUid(RoutingContext ctx, String param) {
        String uid = ctx.pathParam(param);
        if (uid == null || uid.isEmpty() || uid.length() > 128) {
            throw HttpProblem.badRequest("invalid " + param + " UID in the path");
        }
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '*' || c == '?' || c == '\\' || c == ',' || c == '"' || c == '/') {
                throw HttpProblem.badRequest("invalid " + param + " UID in the path: '" + uid.replaceAll("[^ -~]", "?") + "'");
            }
        }
        return uid;
    }
}
