using PoseML.Cli;

namespace PoseML.Tests.Cli;

/// <summary>Runs <c>poseml</c> in-process and captures its exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
