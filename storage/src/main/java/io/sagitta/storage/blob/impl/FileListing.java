package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobPage;
import io.sagitta.storage.blob.ListedBlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a walk over a file blob store's object tree, in segment-by-segment name order
 * (each directory's entries sorted by name). The cursor is the last key returned: directories
 * that sort before the cursor's segment at their depth are skipped without being read, and the
 * directories on the cursor's path come from {@link DirectoryNames}, read once for all the pages of
 * a listing. Blocking: runs on the store's pool.
 */
final class FileListing {

    private final DirectoryNames directories;
    private final String[] cursor;
    private final int limit;
    private final List<ListedBlob> found = new ArrayList<>();

    private FileListing(DirectoryNames directories, String startAfter, int limit) {
        this.directories = directories;
        this.cursor = startAfter == null ? null : startAfter.split("/");
        this.limit = limit;
    }

    static BlobPage page(Path objects, DirectoryNames directories, String startAfter, int limit) throws IOException {
        FileListing listing = new FileListing(directories, startAfter, limit);
        boolean complete = listing.walk(objects, "", 0, listing.cursor != null);
        List<ListedBlob> blobs = listing.found;
        return new BlobPage(blobs, complete || blobs.isEmpty() ? null : blobs.get(blobs.size() - 1).key());
    }

    /** Adds the blobs under {@code dir}; false once the page is full. */
    private boolean walk(Path dir, String prefix, int depth, boolean bounded) throws IOException {
        List<String> names;
        try {
            names = directories.sorted(dir, cursor == null);
        } catch (NoSuchFileException e) {
            return true; // removed while we walked
        }
        for (String name : names) {
            boolean onCursorPath = false;
            if (bounded && depth < cursor.length) {
                int order = name.compareTo(cursor[depth]);
                if (order < 0) {
                    continue;
                }
                onCursorPath = order == 0;
            }
            Path path = dir.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (attributes.isDirectory()) {
                if (!walk(path, prefix + name + "/", depth + 1, onCursorPath)) {
                    return false;
                }
            } else if (attributes.isRegularFile() && !onCursorPath) { // the cursor itself was on the last page
                found.add(new ListedBlob(prefix + name, attributes.lastModifiedTime().toInstant()));
                if (found.size() >= limit) {
                    return false;
                }
            }
        }
        return true;
    }
}
