using System.CommandLine;
using PoseML.Core;

namespace PoseML.Cli;

/// <summary>Builds the <c>poseml</c> command tree and runs it. Commands parse arguments into options
/// and call the library; every deliberate error (<see cref="PoseMLException"/>) becomes one line on
/// stderr and a non-zero exit code; <c>--verbose</c> adds the stack trace.</summary>
public static class CliApp
{
    /// <summary>Exit code of a run that failed on bad input.</summary>
    public const int InputError = 1;

    /// <summary>Exit code of a run that failed on an unexpected internal error.</summary>
    public const int InternalError = 70;

    /// <summary>Exit code of a run cancelled by the user (Ctrl-C).</summary>
    public const int Cancelled = 130;

    /// <summary>The global <c>--verbose</c> flag.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "Print stack traces with errors", Recursive = true };

    /// <summary>The name usage lines and messages give the tool: what users type (<c>dotnet tool install</c> installs
    /// the command under this name; see the README), not the assembly name <c>PoseML.Cli</c>.</summary>
    public const string CommandName = "poseml";

    /// <summary>Builds the command tree, named <see cref="CommandName"/> whatever the executable is called.</summary>
    public static Command Build()
    {
        // A RootCommand takes its name from the executable (PoseML.Cli); a plain command with the same help and
        // version options can be named.
        var root = new Command(CommandName, "PoseML: 3D human pose estimation from a single image (Deep Pose Consensus Networks and related methods)")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Options.Add(Verbose);
        foreach (var command in CommandRegistry.All()) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers (the console by default).</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var parse = Build().Parse(args);
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e) when (Unwrap(e) is PoseMLException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            var inner = Unwrap(e);
            var verbose = parse.GetValue(Verbose);
            if (inner is OperationCanceledException)
            {
                config.Error.WriteLine("poseml: cancelled; no partial output was written");
                return Cancelled;
            }
            config.Error.WriteLine($"poseml: error: {inner.Message}");
            if (verbose) config.Error.WriteLine(inner.ToString());
            return InputError;
        }
        catch (Exception e)
        {
            config.Error.WriteLine($"poseml: internal error: {e.GetType().Name}: {e.Message}");
            if (parse.GetValue(Verbose)) config.Error.WriteLine(e.ToString());
            return InternalError;
        }
    }

    /// <summary>The error to report: single inner exceptions of aggregates are opened, and a cancellation that ML.NET
    /// wrapped (its cursors rethrow errors of the data they read as <see cref="InvalidOperationException"/>) is found
    /// in the inner-exception chain, so Ctrl-C still exits with <see cref="Cancelled"/>.</summary>
    internal static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        if (e is PoseMLException or OperationCanceledException) return e;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is OperationCanceledException or PoseMLException) return Unwrap(inner);
        return e;
    }
}
