using System.CommandLine;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml data …</c>: synthesize, convert, project and inspect pose data.</summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Synthesize, convert, project and inspect pose data");
        data.Subcommands.Add(Inspect());
        data.Subcommands.Add(ConvertCommand.Create());
        data.Subcommands.Add(SynthCommand.Create());
        data.Subcommands.Add(ProjectCommand.Create());
        data.Subcommands.Add(RenderCommand.Create());
        return data;
    }

    private static Command Inspect()
    {
        var path = new Argument<string>("path") { Description = "A pose-table CSV" };
        var command = new Command("inspect", "Print subjects, actions, frames and column shapes of a pose table") { path };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var file = parse.GetValue(path)!;
            var view = PoseCsv.Read(file).Cache();
            output.WriteLine($"file: {file}");
            output.WriteLine($"skeleton: {PoseCsv.Read(file).Layout.Skeleton}");
            output.WriteLine($"rows: {view.Rows}");
            foreach (var column in view.Columns()) output.WriteLine($"  {column}");
            var subjects = view.ReadTexts(PoseColumns.Subject);
            var actions = view.ReadTexts(PoseColumns.Action);
            foreach (var group in subjects.Zip(actions).GroupBy(p => p.First).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"subject {group.Key}: {group.Count()} frames");
                foreach (var action in group.GroupBy(p => p.Second).OrderBy(g => g.Key, StringComparer.Ordinal))
                    output.WriteLine($"  {action.Key}: {action.Count()} frames");
            }
            return 0;
        });
        return command;
    }
}
