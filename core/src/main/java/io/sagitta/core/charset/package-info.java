/**
 * Specific Character Set (0008,0005): turning the bytes of text values into strings and back.
 *
 * <p>{@link io.sagitta.core.charset.SpecificCharacterSet} is the only public type. Behind it, a
 * set without code extensions is a JDK charset; a set with them is read and written by
 * {@code Iso2022Decoder} and {@code Iso2022Encoder} over the code elements of PS3.3 C.12.1.1.2,
 * whose tables are taken from the JDK's charsets on first use.
 */
package io.sagitta.core.charset;
