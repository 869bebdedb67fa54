package io.sagitta.dicomweb;

import static io.sagitta.dicomweb.TestArchive.await;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.storage.store.InstanceWriter;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Instances stored through the archive's one store path, in chunks, as C-STORE or STOW-RS would. */
public final class StoredInstances {

    private StoredInstances() {
    }

    /**
     * Stores {@code d} in {@code syntax}; {@code trailer} (encapsulated Pixel Data as bytes, or null)
     * is appended to the dataset. Answers the blob key.
     */
    public static String store(InstanceStore store, Dataset d, String syntax, byte[] trailer) {
        TransferSyntax ts = TransferSyntax.of(syntax);
        byte[] bytes = DatasetWriter.create(ts.encapsulated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : ts).toBytes(d);
        if (trailer != null) {
            byte[] all = Arrays.copyOf(bytes, bytes.length + trailer.length);
            System.arraycopy(trailer, 0, all, bytes.length, trailer.length);
            bytes = all;
        }
        return storeDataset(store, d.getString(Tag.SOPInstanceUID), d.getString(Tag.SOPClassUID), syntax, bytes);
    }

    /** Stores a dataset already encoded in {@code syntax} (no File Meta Information). Answers the blob key. */
    public static String storeDataset(InstanceStore store, String sopInstanceUid, String sopClassUid, String syntax, byte[] bytes) {
        InstanceWriter writer = store.begin(sopClassUid, sopInstanceUid, TransferSyntax.of(syntax));
        int chunk = 1 << 20;
        for (int at = 0; at < bytes.length; at += chunk) {
            await(writer.write(Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)))));
        }
        return await(writer.finish()).blob().key();
    }

    /**
     * Encapsulated Pixel Data (PS3.5 A.4) as bytes: the Basic Offset Table ({@code offsets}, may be
     * empty), the fragments, the sequence delimiter.
     */
    public static byte[] encapsulated(int[] offsets, byte[]... fragments) {
        int size = 12 + 8 + 4 * offsets.length + 8;
        for (byte[] f : fragments) {
            size += 8 + f.length + (f.length & 1);
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0).putInt(-1);
        b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(4 * offsets.length);
        for (int o : offsets) {
            b.putInt(o);
        }
        for (byte[] f : fragments) {
            // Fragments have even lengths: an odd codestream gets a padding byte.
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(f.length + (f.length & 1)).put(f);
            if ((f.length & 1) == 1) {
                b.put((byte) 0);
            }
        }
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return b.array();
    }
}
