#!/usr/bin/env python3
"""What making a small blob durable costs on this machine's disk (bench/RESULTS.md, session 8).

Times four ways of writing a 9 KB file durably, 300 files each, in a scratch directory on the disk under
test: the file blob store's sequence (temporary file, write, fsync, rename into the objects directory,
fsync of that directory), creating the file in place without the directory fsync, writing into a file
created and synced beforehand, and rewriting such a file with fdatasync.
usage: bench/scripts/fsync-costs.py [DIRECTORY]   (default: a new directory under /tmp)
"""
import os
import shutil
import sys
import tempfile
import time

N = 300
DATA = os.urandom(9000)


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path, flags, sync=os.fsync):
    fd = os.open(path, flags)
    try:
        os.pwrite(fd, DATA, 0)
        sync(fd)
    finally:
        os.close(fd)


def per_file_ms(step):
    start = time.perf_counter()
    for i in range(N):
        step(i)
    return (time.perf_counter() - start) / N * 1000


def main():
    root = tempfile.mkdtemp(prefix="fsync-costs-", dir=sys.argv[1] if len(sys.argv) > 1 else None)
    tmp, objects = os.path.join(root, "tmp"), os.path.join(root, "objects")
    os.makedirs(tmp)
    os.makedirs(objects)
    try:
        def temporary_then_rename(i):
            part = os.path.join(tmp, f"{i}.part")
            write_file(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.rename(part, os.path.join(objects, f"a{i}"))
            fsync_dir(objects)

        def in_place(i):
            write_file(os.path.join(objects, f"b{i}"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)

        for i in range(N):
            os.close(os.open(os.path.join(objects, f"c{i}"), os.O_CREAT | os.O_WRONLY))
        fsync_dir(objects)

        def precreated(i):
            write_file(os.path.join(objects, f"c{i}"), os.O_WRONLY)

        def rewritten(i):
            write_file(os.path.join(objects, f"c{i}"), os.O_WRONLY, os.fdatasync)

        print(f"temporary file, fsync, rename, directory fsync: {per_file_ms(temporary_then_rename):.3f} ms")
        print(f"created in place, fsync, no directory fsync:    {per_file_ms(in_place):.3f} ms")
        print(f"created and synced beforehand, write, fsync:    {per_file_ms(precreated):.3f} ms")
        print(f"same size rewritten, fdatasync:                 {per_file_ms(rewritten):.3f} ms")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
