using System.CommandLine;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench …</c>: throughput and latency measurements (temporary group in the modules
/// branch; the lead owns the final <c>bench</c> group).</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput and latency");
        bench.Subcommands.Add(LifterBenchCommand.Create());
        return bench;
    }
}
