using System.CommandLine;
using PoseML.Cli.Commands;
using PoseML.Cli.Commands.Bench;

namespace PoseML.Cli;

/// <summary>The top-level commands of <c>poseml</c>, in help order. One line per command group.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return QuickstartCommand.Create();
        yield return DataCommands.Create();
        yield return EvaluateCommand.Create();
        yield return RarityCommand.Create();
        yield return ConsensusCommand.Create();
        yield return CvCommand.Create();
        yield return SweepCommand.Create();
        yield return TrainCommand.Create();
        yield return TrainHeatmapsCommand.Create();
        yield return ComposeImage3DCommand.Create();
        yield return EvaluateImagesCommand.Create();
        yield return PredictCommand.Create();
        yield return ReportCommand.Create();
        yield return ExportCommand.Create();
        yield return BenchCommands.Create();
    }
}
