package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkeras generate-completion} run from jkeras.jar: the bash/zsh script picocli generates, and bash using it. */
class CompletionIT {
    @Test
    void generatesAScriptForEveryCommand() {
        JarCli.Result r = JarCli.run("generate-completion");
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().contains("complete -F _complete_jkeras"), r.out());
        String commands = r.out().lines().filter(l -> l.strip().startsWith("local commands=")).findFirst().orElse("");
        for (String c : new String[] {"predict", "summary", "layers", "generate-completion"}) {
            assertTrue(commands.matches(".*[\" ]" + c + "[\" ].*"), "no " + c + " in: " + commands);
        }
        JarCli.Result help = JarCli.run("--help");
        assertTrue(help.out().contains("generate-completion"), help.toString());
    }

    @Test
    void bashCompletesCommandsAndOptions(@TempDir Path tmp) throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no bash here");
        Path script = tmp.resolve("jkeras_completion");
        JarCli.Result r = JarCli.run("generate-completion");
        assertEquals(0, r.code(), r.toString());
        Files.writeString(script, r.out());
        assertEquals("predict", complete(bash, script, "jkeras", "pre"));
        assertEquals("--weights", complete(bash, script, "jkeras", "predict", "--wei"));
        assertEquals("summary", complete(bash, script, "jkeras", "su"));
    }

    /** What the script's completion function offers for the last word. */
    private static String complete(Path bash, Path script, String... words) throws IOException, InterruptedException {
        String line = String.join(" ", words);
        String cmd = "source '" + script + "' && COMP_WORDS=(" + line + ") && COMP_CWORD=" + (words.length - 1)
                + " && COMP_LINE='" + line + "' && COMP_POINT=${#COMP_LINE} && _complete_jkeras 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder(bash.toString(), "--norc", "--noprofile", "-c", cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return out.strip();
    }
}
