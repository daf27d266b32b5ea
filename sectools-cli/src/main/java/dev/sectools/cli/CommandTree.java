package dev.sectools.cli;

import dev.sectools.cli.agent.AgentCommand;
import dev.sectools.cli.agent.AgentLockCommand;
import dev.sectools.cli.agent.AgentStartCommand;
import dev.sectools.cli.agent.AgentStatusCommand;
import dev.sectools.cli.agent.AgentStopCommand;
import dev.sectools.cli.cache.CacheCommand;
import dev.sectools.cli.cache.CacheGcCommand;
import dev.sectools.cli.cache.CacheGetCommand;
import dev.sectools.cli.cache.CachePutCommand;
import dev.sectools.cli.cache.CacheStatsCommand;
import dev.sectools.cli.cache.CacheVerifyCommand;
import dev.sectools.cli.exec.ExecCommand;
import dev.sectools.cli.files.FileCommand;
import dev.sectools.cli.files.FileReadCommand;
import dev.sectools.cli.files.FileWriteCommand;
import dev.sectools.cli.secrets.AuditCommand;
import dev.sectools.cli.secrets.AuditEnableCommand;
import dev.sectools.cli.secrets.AuditHashCommand;
import dev.sectools.cli.secrets.AuditTailCommand;
import dev.sectools.cli.secrets.AuditVerifyCommand;
import dev.sectools.cli.secrets.BackupCommand;
import dev.sectools.cli.secrets.DeleteCommand;
import dev.sectools.cli.secrets.DestroyCommand;
import dev.sectools.cli.secrets.ExportCommand;
import dev.sectools.cli.secrets.GenerateCommand;
import dev.sectools.cli.secrets.GetCommand;
import dev.sectools.cli.secrets.ImportCommand;
import dev.sectools.cli.secrets.InitCommand;
import dev.sectools.cli.secrets.KeysCommand;
import dev.sectools.cli.secrets.KeysDestroyCommand;
import dev.sectools.cli.secrets.KeysDisableCommand;
import dev.sectools.cli.secrets.KeysEnableCommand;
import dev.sectools.cli.secrets.ListCommand;
import dev.sectools.cli.secrets.MetadataCommand;
import dev.sectools.cli.secrets.MigrateCommand;
import dev.sectools.cli.secrets.PasswdCommand;
import dev.sectools.cli.secrets.ReencryptCommand;
import dev.sectools.cli.secrets.RestoreCommand;
import dev.sectools.cli.secrets.RollbackCommand;
import dev.sectools.cli.secrets.RotateCommand;
import dev.sectools.cli.secrets.SecretsCommand;
import dev.sectools.cli.secrets.SetCommand;
import dev.sectools.cli.secrets.StatusCommand;
import dev.sectools.cli.secrets.UndeleteCommand;
import dev.sectools.cli.secrets.VersionsCommand;
import dev.sectools.cli.shell.ShellCommand;
import dev.sectools.cli.temp.TempCommand;
import dev.sectools.cli.temp.TempDirCommand;
import dev.sectools.cli.temp.TempFileCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command tree, and the one place a new verb is registered: add its class to its group's
 * list. Building picocli's model of a command costs reflection over all of its options, so a run
 * builds only the path its arguments name ({@code secrets} → {@code get}), and the whole tree only
 * when it needs it: for help, completion, or a word that names no command (to suggest one).
 * Arguments that name no command at all ({@code --version}) need none.
 */
final class CommandTree {
  private static final Map<Class<?>, List<Class<?>>> CHILDREN = Map.of(
      Sectools.class, List.of(SecretsCommand.class, ExecCommand.class, FileCommand.class, TempCommand.class,
          CacheCommand.class, ShellCommand.class, AgentCommand.class, CompletionCommand.class,
          CommandLine.HelpCommand.class),
      SecretsCommand.class, List.of(InitCommand.class, SetCommand.class, GetCommand.class, DeleteCommand.class,
          UndeleteCommand.class, DestroyCommand.class, ListCommand.class, VersionsCommand.class,
          RollbackCommand.class, MetadataCommand.class, RotateCommand.class, ReencryptCommand.class,
          MigrateCommand.class, KeysCommand.class, BackupCommand.class, RestoreCommand.class, ExportCommand.class,
          ImportCommand.class, StatusCommand.class, AuditCommand.class, GenerateCommand.class, PasswdCommand.class),
      AuditCommand.class, List.of(AuditVerifyCommand.class, AuditTailCommand.class, AuditHashCommand.class,
          AuditEnableCommand.class),
      KeysCommand.class, List.of(KeysDisableCommand.class, KeysEnableCommand.class, KeysDestroyCommand.class),
      FileCommand.class, List.of(FileReadCommand.class, FileWriteCommand.class),
      TempCommand.class, List.of(TempDirCommand.class, TempFileCommand.class),
      CacheCommand.class, List.of(CachePutCommand.class, CacheGetCommand.class, CacheVerifyCommand.class,
          CacheGcCommand.class, CacheStatsCommand.class),
      AgentCommand.class, List.of(AgentStartCommand.class, AgentStopCommand.class, AgentStatusCommand.class,
          AgentLockCommand.class));

  /** Commands whose run needs the whole tree. */
  private static final List<Class<?>> NEED_ALL = List.of(CompletionCommand.class, CommandLine.HelpCommand.class);

  private CommandTree() {}

  /** Adds every command below {@code cmd}. */
  static void addAll(CommandLine cmd) {
    for (Class<?> child : children(cmd)) {
      addAll(add(cmd, child));
    }
  }

  /** Adds the commands {@code args} name below {@code cmd}, or all of them where that is needed. */
  static void addFor(CommandLine cmd, List<String> args) {
    if (args.contains("-h") || args.contains("--help")) {
      addAll(cmd);
      return;
    }
    addPath(cmd, args);
  }

  private static void addPath(CommandLine cmd, List<String> args) {
    List<Class<?>> children = children(cmd);
    if (children.isEmpty()) {
      return;
    }
    int word = firstWord(args);
    if (word < 0) {
      return; // no command named here: '--version', or an error that needs no other command
    }
    Optional<Class<?>> chosen = children.stream().filter(c -> name(c).equals(args.get(word))).findFirst();
    if (chosen.isEmpty() || NEED_ALL.contains(chosen.get())) {
      addAll(cmd);
      return;
    }
    addPath(add(cmd, chosen.get()), args.subList(word + 1, args.size()));
  }

  /** The index of the first argument that can be a command name: not an option or an option's value. */
  private static int firstWord(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        return -1;
      }
      if (a.equals("--config")) {
        i++;
      } else if (!a.startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  private static CommandLine add(CommandLine parent, Class<?> child) {
    String name = name(child);
    parent.addSubcommand(name, child);
    return parent.getSubcommands().get(name);
  }

  private static List<Class<?>> children(CommandLine cmd) {
    return CHILDREN.getOrDefault(cmd.getCommandSpec().userObject().getClass(), List.of());
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
