using PoseML.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
CliCancellation.Token = cancel.Token;
return CliApp.Run(args);
