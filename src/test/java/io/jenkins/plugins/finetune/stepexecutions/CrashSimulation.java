package io.jenkins.plugins.finetune.stepexecutions;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A crash (kill -9) in a {@code JenkinsSessionExtension} test, as workflow's durability tests simulate one
 * ({@code RestartableJenkinsRule#simulateAbruptShutdown}): JENKINS_HOME is copied while Jenkins runs, so the copy
 * holds exactly what was on disk at that moment; after the session ends (its clean shutdown saves more), the copy
 * replaces the home, and the next session starts from the state as last saved, without the shutdown's saves.
 */
final class CrashSimulation {

    private final File home;
    private Path snapshot;

    CrashSimulation(File home) {
        this.home = home;
    }

    /** The moment of the crash: what is on disk now is all the next session gets. */
    void crashNow() throws IOException {
        snapshot = Files.createTempDirectory("crashed-jenkins-home");
        Path from = home.toPath();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(snapshot.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try {
                    Files.copy(
                            file,
                            snapshot.resolve(from.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException deletedMeanwhile) {
                    // a temporary file Jenkins removed while we copied: not part of the saved state
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // removed while walking
            }
        });
    }

    /**
     * After {@link #crashNow()}: {@code file} as it is now was on disk at the crash too. For a crash between two
     * writes, such as a build log's lines that reached disk before the save of the state that followed them.
     */
    void alsoOnDisk(File file) throws IOException {
        if (snapshot == null) {
            throw new IllegalStateException("crashNow() was not called");
        }
        if (file.exists()) {
            Files.copy(
                    file.toPath(),
                    snapshot.resolve(home.toPath().relativize(file.toPath()).toString()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** After the session ended: the home as it was at {@link #crashNow()}. */
    void restoreCrashedHome() throws IOException {
        if (snapshot == null) {
            throw new IllegalStateException("crashNow() was not called");
        }
        deleteContents(home.toPath());
        try (Stream<Path> files = Files.walk(snapshot)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = home.toPath().resolve(snapshot.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        deleteContents(snapshot);
        Files.delete(snapshot);
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                if (!file.equals(dir)) {
                    Files.delete(file);
                }
            }
        }
    }
}
