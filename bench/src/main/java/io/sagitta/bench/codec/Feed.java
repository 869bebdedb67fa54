package io.sagitta.bench.codec;

import io.netty.buffer.Unpooled;
import io.sagitta.core.io.DicomParser;

/** How an instance reaches the parser: all at once (a file in memory) or as the network delivers it. */
public enum Feed {
    /** One buffer holding the whole instance. */
    WHOLE {
        @Override
        void into(DicomParser parser, byte[] bytes) {
            parser.feed(Unpooled.wrappedBuffer(bytes));
        }
    },
    /** 64 KiB buffers, stopping as soon as the parser says it is done (as a reader would stop reading). */
    CHUNKED_64K {
        @Override
        void into(DicomParser parser, byte[] bytes) {
            for (int at = 0; at < bytes.length && !parser.isDone(); at += CHUNK) {
                parser.feed(Unpooled.wrappedBuffer(bytes, at, Math.min(CHUNK, bytes.length - at)));
            }
        }
    };

    static final int CHUNK = 64 * 1024;

    abstract void into(DicomParser parser, byte[] bytes);
}
