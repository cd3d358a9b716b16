using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Catalog;
using PoseML.Data.View;

using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
namespace PoseML.Pipeline.DataLoading;

/// <summary>Training data for 2D→3D lifting on ML.NET's data catalog: <c>mlContext.Data.LoadLiftingData(sources)</c>
/// turns dataset names, folders and pose-table CSVs into one joined view with Keypoints2D float[J,2] (px),
/// Confidence float[J], Pose3D float[J,3] (camera frame, mm), Subject, Action, Camera and Frame.</summary>
public static class LiftingDataExtensions
{
    /// <summary>What <see cref="LoadLiftingData"/> accepts, in one line (for help texts and errors).</summary>
    public const string SourcesHelp = "'synthetic' or 'cmu' (shipped data), a folder from 'poseml data synth', or 2D and 3D pose-table CSVs";

    /// <summary>The joined view of <paramref name="sources"/>: the shipped dataset names <c>synthetic</c> and <c>cmu</c>
    /// (the CMU sample placed in and filmed by the Human3.6M S1 rig), folders written by <c>poseml data synth</c>
    /// (their <c>keypoints2d_cam*.csv</c> and <c>poses3d_cam*.csv</c>) and pose-table CSVs (2D and 3D tables, joined on
    /// subject, action, camera, frame), concatenated in order. With <paramref name="stride"/> &gt; 1 only frames whose
    /// number is a multiple of it are kept. Reading checks the token set with <c>mlContext.SetPoseCancellation</c>.</summary>
    /// <exception cref="InvalidOptionException">No source, a source that is neither a file, a folder nor a dataset
    /// name (the message names it), or <paramref name="stride"/> &lt; 1.</exception>
    /// <exception cref="DataFormatException">A folder without pose tables, or a bad file.</exception>
    public static IDataView LoadLiftingData(this DataOperationsCatalog catalog, IReadOnlyList<string> sources, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0) throw new InvalidOptionException("sources", "expected at least one data source: " + SourcesHelp);
        if (stride < 1) throw new InvalidOptionException("stride", $"must be >= 1, got {stride}");
        var views = new List<IDataView>();
        var csvs = new List<string>();
        foreach (var source in sources)
        {
            if (string.Equals(source, "synthetic", StringComparison.OrdinalIgnoreCase)) views.Add(Datasets.Load("synthetic"));
            else if (string.Equals(source, "cmu", StringComparison.OrdinalIgnoreCase)) views.Add(CmuInRig());
            else if (Directory.Exists(source))
            {
                var files = Directory.GetFiles(source, "keypoints2d_cam*.csv").Concat(Directory.GetFiles(source, "poses3d_cam*.csv"))
                    .Order(StringComparer.Ordinal).ToArray();
                if (files.Length == 0)
                    throw new DataFormatException(source, "folder holds no keypoints2d_cam*.csv / poses3d_cam*.csv; expected the output of 'poseml data synth'");
                views.Add(catalog.LoadJoinedPoseCsv(files));
            }
            else if (File.Exists(source)) csvs.Add(source);
            else throw new InvalidOptionException("sources", $"'{source}' is neither a file, a folder nor a dataset name; expected " + SourcesHelp);
        }
        if (csvs.Count > 0) views.Add(catalog.LoadJoinedPoseCsv(csvs));
        var data = views.Count == 1 ? views[0] : views[0].Concat(views.Skip(1).Select(v => v.SelectColumns(views[0].Schema.Select(c => c.Name).ToArray())).ToArray());
        if (stride > 1) data = data.Filter([PoseColumns.Frame], (b, r) => b.GetInts(PoseColumns.Frame)[r] % stride == 0);
        return data.WithCancellation(PoseRun.For(catalog, "LoadLiftingData").CancellationToken);
    }

    /// <summary>The CMU sample in camera coordinates of the Human3.6M S1 rig (2D keypoints and 3D poses per camera).</summary>
    internal static IDataView CmuInRig()
    {
        var rig = H36MCameras.Rig();
        return rig.Project(Datasets.Load("cmu").PlaceInRig(rig));
    }
}
