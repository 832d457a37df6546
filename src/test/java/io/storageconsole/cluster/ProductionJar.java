package io.storageconsole.cluster;

import io.storageconsole.testing.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The production jar ({@code mvn -Pproduction package}) for the application nodes: the one named by
 * {@code -Dconsole.production-jar}, or else one built from a copy of the sources in
 * {@code target/production-build}, so that the build never touches the classes of the running tests.
 * A jar newer than every source is reused.
 */
final class ProductionJar {

    private static final List<String> SOURCES = List.of("pom.xml", "db", "frontend", "src/main");

    private ProductionJar() {
    }

    static Path locate(Path project) {
        String given = System.getProperty("console.production-jar");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        Path build = project.resolve("target/production-build");
        Optional<Path> jar = builtJar(build);
        if (jar.isPresent() && lastModified(jar.get()).compareTo(newestSource(project)) > 0) {
            return jar.get();
        }
        copySources(project, build);
        Shell.run(build, List.of("mvn", "-B", "-q", "-Pproduction", "package", "-DskipTests"), build.resolve("build.log"));
        return builtJar(build).orElseThrow(() -> new IllegalStateException("The production build made no jar; see "
                + build.resolve("build.log")));
    }

    private static Optional<Path> builtJar(Path build) {
        Path target = build.resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("security-console-.*\\.jar")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime newestSource(Path project) {
        return SOURCES.stream().map(project::resolve).filter(Files::exists).flatMap(ProductionJar::walk)
                .filter(Files::isRegularFile).map(ProductionJar::lastModified)
                .max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
    }

    private static void copySources(Path project, Path build) {
        for (String source : SOURCES) {
            Folders.deleteRecursively(build.resolve(source));
        }
        for (String source : SOURCES) {
            Path from = project.resolve(source);
            Path to = build.resolve(source);
            walk(from).forEach(path -> {
                try {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Stream<Path> walk(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
