/**
 * Bytes a file stream buffers. Write streams given this high-water mark collect incoming
 * chunks (64 KiB from a socket) and write them with one writev per MiB instead of one write
 * each: spooling a 1.4 GiB upload took 6.2 s with the default and 3.3 s with this. Read
 * streams read as much at a time.
 */
export const FILE_BUFFER_BYTES = 1024 * 1024;
