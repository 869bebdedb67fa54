package io.sagitta.storage.blob;

/**
 * The rules for blob keys, the same for every store so that a key valid on the filesystem is valid
 * on S3 and the other way round.
 *
 * <p>A key is one or more segments joined by {@code '/'}. A segment is 1 to {@value #MAX_SEGMENT}
 * characters from {@code A-Z a-z 0-9 . _ -} and does not start with {@code '.'} (which rules out
 * {@code .} and {@code ..} and hidden files). The whole key is at most {@value #MAX_LENGTH}
 * characters. So no absolute paths, no empty segments, no backslashes, no characters that need
 * escaping in a URL or a file name. DICOM UIDs (digits and dots) and hex digests fit as they are.
 */
public final class BlobKeys {

  /** Longest key; S3 allows 1024 bytes, file systems are tighter on whole paths. */
  public static final int MAX_LENGTH = 512;

  /** Longest segment; most file systems allow 255 bytes per name. */
  public static final int MAX_SEGMENT = 200;

  private BlobKeys() {}

  /** Returns the key if it is valid; throws {@link InvalidBlobKeyException} saying why not. */
  public static String validate(String key) {
    String reason = problem(key);
    if (reason != null) {
      throw new InvalidBlobKeyException(key, reason);
    }
    return key;
  }

  /** Whether the key follows the rules. */
  public static boolean isValid(String key) {
    return problem(key) == null;
  }

  private static String problem(String key) {
    if (key == null) {
      return "must not be null";
    }
    if (key.isEmpty()) {
      return "must not be empty";
    }
    if (key.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    int segmentStart = 0;
    for (int i = 0; i <= key.length(); i++) {
      char c = i < key.length() ? key.charAt(i) : '/';
      if (c == '/') {
        int segmentLength = i - segmentStart;
        if (segmentLength == 0) {
          return segmentStart == 0
              ? "must not start with '/' (absolute paths are not keys)"
              : "empty segment ('//' or trailing '/')";
        }
        if (segmentLength > MAX_SEGMENT) {
          return "segment longer than " + MAX_SEGMENT + " characters";
        }
        if (key.charAt(segmentStart) == '.') {
          return "segment must not start with '.' (no '.', '..' or hidden names)";
        }
        segmentStart = i + 1;
      } else if (!allowed(c)) {
        return "character " + describe(c) + " at index " + i
            + " is not allowed (only A-Z a-z 0-9 . _ - and '/' between segments)";
      }
    }
    return null;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
