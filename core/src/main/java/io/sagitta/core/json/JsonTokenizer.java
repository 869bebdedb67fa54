package io.sagitta.core.json;

import java.io.IOException;
import java.io.Reader;

/**
 * A strict pull tokenizer for RFC 8259 JSON. It checks the grammar (commas, colons, nesting,
 * literals, number syntax) as it goes, so callers only ask for the token they expect, and every
 * problem, limits included, surfaces as a {@link DicomJsonException} that names the offset.
 *
 * <p>Limits are checked before anything grows: nesting depth, string length and number length.
 * Nothing here recurses, so deep input cannot overflow the stack.
 */
final class JsonTokenizer {

    enum Token { BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, TRUE, FALSE, NULL, END_DOCUMENT }

    /** DICOM numbers are short (DS is 16 chars, UV 20 digits); anything far longer is an attack or an error. */
    static final int MAX_NUMBER_LENGTH = 256;

    // What the tokenizer expects next, per open container (and the document itself at the bottom).
    private static final byte EMPTY_DOCUMENT = 0;
    private static final byte NONEMPTY_DOCUMENT = 1;
    private static final byte EMPTY_ARRAY = 2;
    private static final byte NONEMPTY_ARRAY = 3;
    private static final byte EMPTY_OBJECT = 4;
    private static final byte DANGLING_NAME = 5;
    private static final byte NONEMPTY_OBJECT = 6;

    private final Reader in;
    private final int maxDepth;
    private final int maxStringLength;
    private final char[] buffer = new char[8192];
    private int pos;
    private int limit;
    private long bufferStart;

    private final byte[] scopes;
    private int depth = 1;
    private Token peeked;
    /** Text of a peeked NAME, STRING or NUMBER. */
    private String text;
    private final StringBuilder sb = new StringBuilder();

    JsonTokenizer(Reader in, int maxDepth, int maxStringLength) {
        this.in = in;
        this.maxDepth = maxDepth;
        this.maxStringLength = maxStringLength;
        this.scopes = new byte[maxDepth + 1];
        this.scopes[0] = EMPTY_DOCUMENT;
    }

    Token peek() {
        if (peeked == null) {
            peeked = advance();
        }
        return peeked;
    }

    /** True while the current object or array has more members. */
    boolean hasNext() {
        Token t = peek();
        return t != Token.END_OBJECT && t != Token.END_ARRAY && t != Token.END_DOCUMENT;
    }

    void beginObject() {
        expect(Token.BEGIN_OBJECT, "an object");
        push(EMPTY_OBJECT);
    }

    void endObject() {
        expect(Token.END_OBJECT, "the end of the object");
        depth--;
    }

    void beginArray() {
        expect(Token.BEGIN_ARRAY, "an array");
        push(EMPTY_ARRAY);
    }

    void endArray() {
        expect(Token.END_ARRAY, "the end of the array");
        depth--;
    }

    String nextName() {
        expect(Token.NAME, "a member name");
        return text;
    }

    String nextString() {
        expect(Token.STRING, "a string");
        return text;
    }

    /** The number exactly as written; it matches the JSON number grammar. */
    String nextNumber() {
        expect(Token.NUMBER, "a number");
        return text;
    }

    void nextNull() {
        expect(Token.NULL, "null");
    }

    /** Skips one value, however deeply nested, without recursion. */
    void skipValue() {
        int level = 0;
        do {
            switch (peek()) {
                case BEGIN_OBJECT: beginObject(); level++; break;
                case BEGIN_ARRAY: beginArray(); level++; break;
                case END_OBJECT: endObject(); level--; break;
                case END_ARRAY: endArray(); level--; break;
                case END_DOCUMENT: throw error("unexpected end of input");
                default: peeked = null;
            }
        } while (level > 0);
    }

    /** Checks that only white space follows the top-level value. */
    void endDocument() {
        expect(Token.END_DOCUMENT, "the end of input");
    }

    DicomJsonException error(String message) {
        return new DicomJsonException(message + " at offset " + (bufferStart + pos));
    }

    private void expect(Token token, String what) {
        Token t = peek();
        if (t != token) {
            throw error("expected " + what + " but found " + describe(t));
        }
        peeked = null;
    }

    /** How a token reads in an error message. */
    static String describe(Token t) {
        switch (t) {
            case BEGIN_OBJECT: return "'{'";
            case END_OBJECT: return "'}'";
            case BEGIN_ARRAY: return "'['";
            case END_ARRAY: return "']'";
            case NAME: return "a member name";
            case END_DOCUMENT: return "the end of input";
            default: return t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private void push(byte scope) {
        if (depth > maxDepth) {
            throw error("JSON nested deeper than " + maxDepth + " levels");
        }
        scopes[depth++] = scope;
    }

    private Token advance() {
        int top = depth - 1;
        int c;
        switch (scopes[top]) {
            case EMPTY_DOCUMENT:
                scopes[top] = NONEMPTY_DOCUMENT;
                c = nonWhitespace();
                // RFC 8259 lets a parser ignore a byte order mark; some Windows tools write one.
                return value(c == '\uFEFF' ? nonWhitespace() : c);
            case NONEMPTY_DOCUMENT:
                c = nonWhitespace();
                if (c != -1) {
                    throw error("unexpected '" + (char) c + "' after the JSON value");
                }
                return Token.END_DOCUMENT;
            case EMPTY_ARRAY:
                scopes[top] = NONEMPTY_ARRAY;
                c = nonWhitespace();
                return c == ']' ? Token.END_ARRAY : value(c);
            case NONEMPTY_ARRAY:
                c = nonWhitespace();
                if (c == ']') {
                    return Token.END_ARRAY;
                }
                if (c != ',') {
                    throw unexpected(c, "',' or ']'");
                }
                return value(nonWhitespace());
            case EMPTY_OBJECT:
            case NONEMPTY_OBJECT:
                c = nonWhitespace();
                if (c == '}') {
                    return Token.END_OBJECT;
                }
                if (scopes[top] == NONEMPTY_OBJECT) {
                    if (c != ',') {
                        throw unexpected(c, "',' or '}'");
                    }
                    c = nonWhitespace();
                }
                if (c != '"') {
                    throw unexpected(c, "a member name");
                }
                text = readString();
                scopes[top] = DANGLING_NAME;
                return Token.NAME;
            case DANGLING_NAME:
                c = nonWhitespace();
                if (c != ':') {
                    throw unexpected(c, "':'");
                }
                scopes[top] = NONEMPTY_OBJECT;
                return value(nonWhitespace());
            default:
                throw new IllegalStateException("scope " + scopes[top]);
        }
    }

    private Token value(int c) {
        switch (c) {
            case '{': return Token.BEGIN_OBJECT;
            case '[': return Token.BEGIN_ARRAY;
            case '"':
                text = readString();
                return Token.STRING;
            case 't': literal("rue"); return Token.TRUE;
            case 'f': literal("alse"); return Token.FALSE;
            case 'n': literal("ull"); return Token.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    text = readNumber(c);
                    return Token.NUMBER;
                }
                throw unexpected(c, "a value");
        }
    }

    private DicomJsonException unexpected(int c, String expected) {
        String found = c == -1 ? "the end of input" : "'" + (char) c + "'";
        return error("expected " + expected + " but found " + found);
    }

    private void literal(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (read() != rest.charAt(i)) {
                throw error("invalid literal");
            }
        }
    }

    private String readString() {
        sb.setLength(0);
        while (true) {
            int c = read();
            if (c == '"') {
                return sb.toString();
            }
            if (c == -1) {
                throw error("unterminated string");
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                c = escape();
            }
            if (sb.length() == maxStringLength) {
                throw error("string longer than " + maxStringLength + " characters");
            }
            sb.append((char) c);
        }
    }

    private int escape() {
        int c = read();
        switch (c) {
            case '"': case '\\': case '/': return c;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(read(), 16);
                    if (digit < 0) {
                        throw error("invalid \\u escape");
                    }
                    value = (value << 4) | digit;
                }
                return value;
            default:
                throw error("invalid escape in string");
        }
    }

    /** Reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and stops before the first other character. */
    private String readNumber(int first) {
        sb.setLength(0);
        int c = first;
        if (c == '-') {
            sb.append('-');
            c = read();
        }
        if (c == '0') {
            sb.append('0');
            c = read();
        } else {
            c = digits(c);
        }
        if (c == '.') {
            sb.append('.');
            c = digits(read());
        }
        if (c == 'e' || c == 'E') {
            sb.append((char) c);
            c = read();
            if (c == '+' || c == '-') {
                sb.append((char) c);
                c = read();
            }
            c = digits(c);
        }
        if (c != -1) {
            pos--;
        }
        return sb.toString();
    }

    /** Appends one or more digits starting with {@code c}; returns the first character after them. */
    private int digits(int c) {
        if (c < '0' || c > '9') {
            throw error("invalid number");
        }
        while (c >= '0' && c <= '9') {
            if (sb.length() == MAX_NUMBER_LENGTH) {
                throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
            }
            sb.append((char) c);
            c = read();
        }
        return c;
    }

    private int nonWhitespace() {
        while (true) {
            int c = read();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
    }

    private int read() {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++];
    }

    private boolean fill() {
        try {
            bufferStart += limit;
            pos = 0;
            limit = 0;
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return false;
            }
            limit = n;
            return true;
        } catch (IOException e) {
            throw new DicomJsonException("cannot read JSON: " + e.getMessage(), e);
        }
    }
}
