package io.sagitta.core.json;

import static io.sagitta.core.json.DicomJsonTestSupport.assertRejected;
import static io.sagitta.core.json.DicomJsonWriterTest.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input of every kind ends in a DicomJsonException that says what is wrong, and in nothing else. */
class MalformedDicomJsonTest {

    private final DicomJsonReader reader = DicomJsonReader.create();

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # truncated
        ``                                                        | expected a value but found the end of input
        {                                                         | expected a member name but found the end of input
        [                                                         | expected a value but found the end of input
        [{}                                                       | expected ',' or ']' but found the end of input
        {'00100020':{'vr':'LO','Value':['ab                       | unterminated string
        {'00100020':{'vr':'LO','Value':['ab']}                    | expected ',' or '}' but found the end of input
        {'00100020':{'vr':'LO','Value':['ab'],                    | expected a member name but found the end of input
        {'00100020':{'vr':'LO','Value':[1.                        | invalid number
        {'00100020':{'vr':'LO','Value':[nul                       | invalid literal
        # not JSON
        {} {}                                                     | after the JSON value
        {}x                                                       | after the JSON value
        {'00100020':{'vr':'LO',}}                                 | expected a member name but found '}'
        [{},]                                                     | expected a value but found ']'
        {'00100020' {'vr':'LO'}}                                  | expected ':' but found '{'
        {'00100020':{'vr':'LO' 'Value':[]}}                       | expected ',' or '}'
        {'00280010':{'vr':'US','Value':[01]}}                     | expected ',' or ']' but found '1'
        {'00280010':{'vr':'US','Value':[+1]}}                     | expected a value but found '+'
        {'00280010':{'vr':'US','Value':[-]}}                      | invalid number
        {'00280010':{'vr':'US','Value':[1e]}}                     | invalid number
        {'00091002':{'vr':'FD','Value':[NaN]}}                    | expected a value but found 'N'
        {'00091002':{'vr':'FD','Value':[Infinity]}}               | expected a value but found 'I'
        {'00100020':{'vr':'LO','Value':['a\\xb']}}                | invalid escape
        {'00100020':{'vr':'LO','Value':['\\u12G4']}}              | invalid \\u escape
        {'00100020':{'vr':'LO','Value':[tru]}}                    | invalid literal
        # wrong JSON types
        null                                                      | expected an object but found null
        42                                                        | expected an object but found number
        'x'                                                       | expected an object but found string
        [[]]                                                      | expected an object but found '['
        {'00100020':[]}                                           | expected an object but found '['
        {'00100020':{'vr':5}}                                     | expected a string but found number
        {'00100020':{'vr':'LO','Value':'ab'}}                     | expected an array but found string
        {'00100020':{'vr':'LO','Value':[1]}}                      | a LO value is a string, not the number 1
        {'00100020':{'vr':'LO','Value':[true]}}                   | unexpected true in the Value of 00100020
        {'00100020':{'vr':'LO','Value':[['a']]}}                  | unexpected '['
        {'00100020':{'vr':'LO','Value':[{'Alphabetic':'a'}]}}     | a LO value is a string, not an object
        {'00100010':{'vr':'PN','Value':[{'Alphabetic':1}]}}       | expected a string but found number
        {'00280010':{'vr':'US','Value':['abc']}}                  | US value is not a number: abc
        {'00280010':{'vr':'US','Value':[null]}}                   | US values cannot be null
        {'00280010':{'vr':'US','Value':[{}]}}                     | a US value is a number, not an object
        {'00091001':{'vr':'AT','Value':['0010']}}                 | an AT value is a string of 8 hex digits
        {'00091001':{'vr':'AT','Value':[1048592]}}                | an AT value is a string of 8 hex digits
        {'00091008':{'vr':'OB','InlineBinary':'@@@@'}}            | InlineBinary is not base64
        {'00091008':{'vr':'OB','InlineBinary':5}}                 | expected a string but found number
        {'00091008':{'vr':'OB','Value':[1]}}                      | OB values are written as InlineBinary or BulkDataURI
        {'00081115':{'vr':'SQ','Value':['x']}}                    | expected an object but found string
        # not the DICOM JSON model
        {'0010002':{'vr':'LO'}}                                   | attribute name is not a tag
        {'0010002G':{'vr':'LO'}}                                  | attribute name is not a tag
        {'00100020':{'vr':'XX'}}                                  | unknown VR "XX"
        {'00991001':{'Value':['x']}}                              | 00991001 has no "vr"
        {'00100020':{'vr':'LO'},'00100020':{'vr':'LO'}}           | attribute 00100020 appears twice
        {'0010002a':{'vr':'LO'},'0010002A':{'vr':'LO'}}           | attribute 0010002A appears twice
        {'00091008':{'vr':'OB','InlineBinary':'AQID','BulkDataURI':'x'}} | more than one of Value, InlineBinary and BulkDataURI
        {'00081115':{'vr':'SQ','InlineBinary':'AQID'}}            | is a sequence; it cannot have InlineBinary
        {'00081115':{'Value':[{}],'vr':'LO'}}                     | "vr" must come before "Value"
        # numbers too big for their VR
        {'00280010':{'vr':'US','Value':[70000]}}                  | US value out of range: 70000
        {'00280010':{'vr':'US','Value':[-1]}}                     | US value out of range: -1
        {'00280010':{'vr':'US','Value':[1.5]}}                    | US value is not an integer: 1.5
        {'00280010':{'vr':'US','Value':[1e999999999]}}            | US value out of range
        {'00280010':{'vr':'US','Value':[1e9999999999]}}           | US value is not a number
        {'00280106':{'vr':'SS','Value':[32768]}}                  | SS value out of range
        {'00091004':{'vr':'SL','Value':[-2147483649]}}            | SL value out of range
        {'00091005':{'vr':'UL','Value':[4294967296]}}             | UL value out of range
        {'00091006':{'vr':'SV','Value':[9223372036854775808]}}    | SV value out of range
        {'00091007':{'vr':'UV','Value':['18446744073709551616']}} | UV value out of range
        {'00091007':{'vr':'UV','Value':[1e-999999999]}}           | UV value is not an integer
        {'00091002':{'vr':'FL','Value':[1e39]}}                   | FL value out of range
        {'00091003':{'vr':'FD','Value':[1e400]}}                  | FD value out of range
        {'00091003':{'vr':'FD','Value':['0x1p3']}}                | FD value is not a number
        {'00200013':{'vr':'IS','Value':[123456789012345678901]}}  | IS value out of range
        {'00200013':{'vr':'IS','Value':[1.5]}}                    | IS value is not an integer
        {'00101020':{'vr':'DS','Value':[1e400]}}                  | DS value out of range
        """)
    void rejects(String json, String why) {
        assertRejected(reader, json == null ? "" : q(json), why);
    }

    @Test
    void rejectsOverlongNumbersBeforeParsingThem() {
        assertRejected(reader, "{\"00280010\":{\"vr\":\"US\",\"Value\":[" + "9".repeat(100_000) + "]}}", "number longer than 256");
    }

    @Test
    void rejectsControlCharactersInStrings() {
        assertRejected(reader, "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"a\u0001b\"]}}", "control character in string");
    }

    @Test
    void rejectsDeepNestingWithoutOverflowingTheStack() {
        assertRejected(reader, "[".repeat(10_000) + "]".repeat(10_000), "expected an object but found '['");
        assertRejected(reader, q("{'00100020':") + q("{'x':").repeat(10_000) + "1" + "}".repeat(10_001), "deeper than 192");
        String item = q("{'00081115':{'vr':'SQ','Value':[");
        assertRejected(reader, item.repeat(10_000) + "{}" + "]}}".repeat(10_000), "deeper than 192");
        // Nesting hidden in a member the reader skips counts too.
        assertRejected(reader, q("{'00100020':{'vr':'LO','x':") + "[".repeat(10_000), "deeper than 192");
    }

    @Test
    void rejectsMalformedUtf8() {
        byte[] bytes = {'{', '"', 'a', (byte) 0xC3, 0x28, '"', ':', '1', '}'};
        DicomJsonException e = assertThrows(DicomJsonException.class,
            () -> reader.readDatasets(new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().startsWith("cannot read JSON"), e.getMessage());
    }

    @Test
    void reportsIoErrorsAsDicomJsonException() {
        Reader failing = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void close() {
            }
        };
        DicomJsonException e = assertThrows(DicomJsonException.class, () -> reader.readDatasets(failing));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }
}
