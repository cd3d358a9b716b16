using System.CommandLine;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench …</c>: whole-task throughput and latency figures, printed as JSON or a
/// table, to compare side by side with the reference scripts in <c>shared/refs/perf</c>.</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput and latency of PoseML's kernels and stages");
        bench.Subcommands.Add(GemmBenchCommand.Create());
        bench.Subcommands.Add(LifterBenchCommand.Create());
        bench.Subcommands.Add(ConsensusBenchCommand.Create());
        bench.Subcommands.Add(LiftBenchCommand.Create());
        bench.Subcommands.Add(MLNetBenchCommand.Create());
        bench.Subcommands.Add(RenderBenchCommand.Create());
        bench.Subcommands.Add(HourglassBenchCommand.Create());
        return bench;
    }
}
