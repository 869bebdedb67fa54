package io.sagitta.storage.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlobKeysTest {

  @Test
  void acceptsUidsHashesAndPaths() {
    assertTrue(BlobKeys.isValid("1.2.840.10008.5.1.4.1.1.2"));
    assertTrue(BlobKeys.isValid("1.2.3/4.5.6/7.8.9"));
    assertTrue(BlobKeys.isValid("ab/cd/abcdef0123456789_x-y"));
    assertEquals("a", BlobKeys.validate("a"));
  }

  @Test
  void rejectsWithAReason() {
    assertReason("/a", "absolute");
    assertReason("a/../b", "'..'");
    assertReason("a//b", "empty segment");
    assertReason("a/", "empty segment");
    assertReason("a b", "' '");
    assertReason("a\u0000b", "U+0000");
    assertReason("", "empty");
    assertFalse(BlobKeys.isValid(null));
  }

  private static void assertReason(String key, String fragment) {
    InvalidBlobKeyException e = assertThrows(InvalidBlobKeyException.class, () -> BlobKeys.validate(key));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
