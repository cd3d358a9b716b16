using PoseML.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Keep the process alive so the command can unwind (the library checks the token per batch and
    // deletes its temporary file), but never longer than CliCancellation.Grace: past it, or on a second
    // Ctrl-C, temporary files of writes in progress are deleted and the process exits with 130.
    e.Cancel = true;
    CliCancellation.Cancel(cancel, Console.Error);
};
CliCancellation.Token = cancel.Token;
return CliApp.Run(args);
