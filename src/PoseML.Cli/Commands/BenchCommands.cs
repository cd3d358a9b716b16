using System.CommandLine;
using PoseML.Cli.Commands.Bench;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml bench …</c>: micro-benchmarks of the engine on this machine.</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the speed of PoseML's compute kernels and networks on this machine");
        bench.Subcommands.Add(GemmBenchCommand.Create());
        return bench;
    }
}
