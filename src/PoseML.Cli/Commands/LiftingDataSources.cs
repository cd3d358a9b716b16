using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Cli.Commands;

/// <summary>Turns the data arguments of <c>poseml train</c> into one joined 2D/3D view: the shipped dataset
/// names <c>synthetic</c> and <c>cmu</c> (the CMU sample placed in and filmed by the Human3.6M S1 rig), folders
/// written by <c>poseml data synth</c> (their <c>keypoints2d_cam*.csv</c> and <c>poses3d_cam*.csv</c>), and
/// pose-table CSVs (2D and 3D tables, joined on subject, action, camera, frame).</summary>
internal static class LiftingDataSources
{
    public const string Help = "'synthetic' or 'cmu' (shipped data), a folder from 'poseml data synth', or 2D and 3D pose-table CSVs";

    /// <summary>The joined view of <paramref name="sources"/>; with <paramref name="stride"/> &gt; 1 only frames
    /// whose number is a multiple of it are kept.</summary>
    public static IDataView Load(PoseContext ctx, IReadOnlyList<string> sources, int stride)
    {
        if (sources.Count == 0) throw new InvalidOptionException("train", "expected at least one data source: " + Help);
        if (stride < 1) throw new InvalidOptionException("--stride", $"must be >= 1, got {stride}");
        var views = new List<IDataView>();
        var csvs = new List<string>();
        foreach (var source in sources)
        {
            if (string.Equals(source, "synthetic", StringComparison.OrdinalIgnoreCase)) views.Add(Datasets.Load("synthetic"));
            else if (string.Equals(source, "cmu", StringComparison.OrdinalIgnoreCase)) views.Add(Cmu());
            else if (Directory.Exists(source))
            {
                var files = Directory.GetFiles(source, "keypoints2d_cam*.csv").Concat(Directory.GetFiles(source, "poses3d_cam*.csv"))
                    .Order(StringComparer.Ordinal).ToArray();
                if (files.Length == 0)
                    throw new DataFormatException(source, "folder holds no keypoints2d_cam*.csv / poses3d_cam*.csv; expected the output of 'poseml data synth'");
                views.Add(ctx.Data.LoadJoinedPoseCsv(files));
            }
            else if (File.Exists(source)) csvs.Add(source);
            else throw new InvalidOptionException("train", $"'{source}' is neither a file, a folder nor a dataset name; expected " + Help);
        }
        if (csvs.Count > 0) views.Add(ctx.Data.LoadJoinedPoseCsv(csvs));
        var data = views.Count == 1 ? views[0] : views[0].Concat(views.Skip(1).Select(v => v.SelectColumns(views[0].Schema.Select(c => c.Name).ToArray())).ToArray());
        if (stride > 1) data = data.Filter([PoseColumns.Frame], (b, r) => b.GetInts(PoseColumns.Frame)[r] % stride == 0);
        return data.WithCancellation(ctx.CancellationToken);
    }

    /// <summary>The CMU sample in camera coordinates of the Human3.6M S1 rig (2D keypoints and 3D poses per camera).</summary>
    public static IDataView Cmu()
    {
        var rig = H36MCameras.Rig();
        return rig.Project(Datasets.Load("cmu").PlaceInRig(rig));
    }
}
