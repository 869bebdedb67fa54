package io.sagitta.core.charset;

import io.sagitta.core.data.VR;

/** How one Specific Character Set turns a value field into text and back. */
interface TextCodec {

    /** Decodes a whole value field; malformed bytes become U+FFFD, never an exception. */
    String decode(byte[] bytes, int offset, int length, VR vr);

    /** Encodes a value field; characters the set lacks become '?'. */
    byte[] encode(String text, VR vr);

    boolean canEncode(String text);
}
