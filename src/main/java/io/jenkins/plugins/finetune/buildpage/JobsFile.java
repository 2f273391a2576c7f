package io.jenkins.plugins.finetune.buildpage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * The build directory's file of every job a build touched ({@value FineTuneJobsAction#ALL_JOBS_FILE}): one JSON
 * object per line, appended only. A job settled after a wait gets a later line with the same {@code sequence} (its
 * place in the build); the latest line of each sequence number is the job as the build left it. Lines written before
 * sequence numbers existed have none: their place is their line's.
 */
final class JobsFile {

    private static final JsonFactory JSON = new JsonFactory();

    /** How each line begins, so that finding a line's sequence number needs no JSON parser. */
    private static final byte[] SEQUENCE_PREFIX = "{\"sequence\":".getBytes(StandardCharsets.US_ASCII);

    /** Bytes read at a time when serving the file. */
    private static final int WINDOW = 64 * 1024;

    private JobsFile() {}

    /**
     * One line per entry, each with its sequence number first: one generator for all of them, straight into the
     * bytes appended (a bulk change records thousands at once, after its last answer, before its step returns).
     */
    @NonNull
    static byte[] lines(@NonNull List<FineTuneJobsAction.Entry> entries, @NonNull List<Integer> sequences)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 320);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.setRootValueSeparator(null); // the lines end with '\n' instead
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).writeLine(json, sequences.get(i));
                json.writeRaw('\n');
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Appends {@code bytes}, after cutting what the saved record does not account for; returns the file's new
     * length ({@code null}: still not known). A {@link RandomAccessFile}, not a channel: an abort interrupts the
     * recording thread, and an interrupt closes a channel in the middle of the write.
     */
    @CheckForNull
    static Long append(@NonNull File file, @CheckForNull Long accountedFor, @NonNull byte[] bytes) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file, "rw")) {
            if (accountedFor != null && out.length() > accountedFor) {
                out.setLength(accountedFor); // lines of a record that a crash kept from being saved
            }
            out.seek(out.length());
            out.write(bytes);
            return accountedFor == null ? null : out.length();
        }
    }

    /**
     * Writes every job, one JSON object per job in the order the build touched them, each its latest line, as the
     * elements of a JSON array (without the brackets). Two passes over the file, in bounded memory: the first keeps
     * the offset of each sequence number's latest line (8 bytes per job), the second reads those lines.
     *
     * @param limit how many bytes of the file the build record accounts for ({@code null}: all)
     * @param total how many jobs the build record counts
     */
    static void writeLatest(@NonNull File file, @CheckForNull Long limit, int total, @NonNull Writer out)
            throws IOException {
        if (!file.isFile() || total <= 0) {
            return;
        }
        long end = limit == null ? file.length() : Math.min(limit, file.length());
        long[] offsets = latestOffsets(file, end, total);
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            Window window = new Window(in, end);
            boolean first = true;
            for (long offset : offsets) {
                if (offset < 0) {
                    continue; // a job whose line was lost (a file cut by hand): the others are still served
                }
                String line = window.lineAt(offset);
                if (line != null) {
                    out.write(first ? "\n" : ",\n");
                    out.write(line);
                    first = false;
                }
            }
        }
    }

    /** Pass 1: per sequence number, the offset of its latest complete line ({@code -1}: none). */
    @NonNull
    static long[] latestOffsets(@NonNull File file, long end, int total) throws IOException {
        long[] offsets = new long[total];
        Arrays.fill(offsets, -1);
        byte[] head = new byte[SEQUENCE_PREFIX.length + 11];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()), WINDOW)) {
            long position = 0;
            long lineStart = 0;
            int headLength = 0;
            int lineIndex = 0;
            int b;
            while (position < end && (b = in.read()) != -1) {
                position++;
                if (b == '\n') {
                    if (headLength > 0) {
                        int sequence = sequenceOf(head, headLength, lineIndex);
                        if (sequence >= 0 && sequence < total) {
                            offsets[sequence] = lineStart;
                        }
                        lineIndex++;
                    }
                    lineStart = position;
                    headLength = 0;
                } else if (headLength < head.length && !(headLength == 0 && Character.isWhitespace(b))) {
                    head[headLength++] = (byte) b;
                }
            }
        }
        return offsets;
    }

    /** The line's own sequence number, or its place among the lines when it has none (an older line). */
    private static int sequenceOf(byte[] head, int length, int lineIndex) {
        if (length <= SEQUENCE_PREFIX.length
                || !Arrays.equals(head, 0, SEQUENCE_PREFIX.length, SEQUENCE_PREFIX, 0, SEQUENCE_PREFIX.length)) {
            return lineIndex;
        }
        long value = 0;
        int digits = 0;
        for (int i = SEQUENCE_PREFIX.length; i < length && head[i] >= '0' && head[i] <= '9'; i++) {
            value = value * 10 + (head[i] - '0');
            digits++;
        }
        return digits == 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    /** Pass 2: lines read through a window of the file, so that lines in file order cost one read per window. */
    private static final class Window {
        private final RandomAccessFile in;
        private final long end;
        private byte[] bytes = new byte[WINDOW];
        private long start = -1;
        private int length;

        Window(RandomAccessFile in, long end) {
            this.in = in;
            this.end = end;
        }

        /** The line at {@code offset}, without its end; {@code null} when it has none (cut off). */
        @CheckForNull
        String lineAt(long offset) throws IOException {
            if (offset >= end) {
                return null;
            }
            while (true) {
                if (start >= 0 && offset >= start && offset < start + length) {
                    int from = (int) (offset - start);
                    for (int i = from; i < length; i++) {
                        if (bytes[i] == '\n') {
                            return new String(bytes, from, i - from, StandardCharsets.UTF_8);
                        }
                    }
                    if (start + length >= end) {
                        return null;
                    }
                    if (from == 0) {
                        bytes = Arrays.copyOf(bytes, bytes.length * 2); // a line longer than the window
                    }
                }
                fill(offset);
            }
        }

        private void fill(long offset) throws IOException {
            in.seek(offset);
            int want = (int) Math.min(bytes.length, end - offset);
            int read = 0;
            while (read < want) {
                int n = in.read(bytes, read, want - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            start = offset;
            length = read;
        }
    }
}
