using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Pipeline;

using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
namespace PoseML.Pipeline.DataLoading;

/// <summary>PoseML's data loading on ML.NET's data catalog (<c>mlContext.Data</c>): pose-table CSVs, 2D + 3D tables
/// joined on their keys, the named datasets, and a split that keeps each subject on one side. Every view is a lazy
/// <see cref="IDataView"/> whose pose columns are fixed-size float vectors carrying the joint count, e.g. Pose3D
/// <c>Vector&lt;Single, 17, 3&gt;</c>, Keypoints2D <c>Vector&lt;Single, 17, 2&gt;</c>, Confidence
/// <c>Vector&lt;Single, 17&gt;</c>; Subject and Action are text, Camera and Frame int.</summary>
public static class PoseDataExtensions
{
    /// <summary>Opens a pose-table CSV lazily (header checked now, rows parsed while read): Subject, Action (text),
    /// Camera, Frame (int) and either Pose3D float[J,3] (mm) or Keypoints2D float[J,2] (px) plus Confidence float[J]
    /// (see <see cref="PoseCsv.Read"/>).</summary>
    /// <exception cref="DataFormatException">Missing file, bad header or unknown joints; (while reading) a malformed row.</exception>
    public static IDataView LoadPoseCsv(this DataOperationsCatalog catalog, string path, PoseCsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        return PoseCsv.Read(path, options);
    }

    /// <summary>Opens pose-table CSVs, concatenates the 2D ones and the 3D ones (told apart by their headers) and joins
    /// them on (Subject, Action, Camera, Frame): the 2D tables' columns plus Pose3D float[J,3], in the 2D rows' order
    /// (the 3D side is read now and must have unique keys; the 2D side streams). A 2D row with no 3D pose is an error
    /// naming its key, unless <paramref name="dropUnmatched"/>. Reading checks the cancellation token set with
    /// <c>mlContext.SetPoseCancellation</c> per batch.</summary>
    /// <exception cref="InvalidOptionException">No 2D or no 3D table among <paramref name="paths"/>.</exception>
    /// <exception cref="DataFormatException">A bad file; duplicate 3D keys; (while reading) an unmatched 2D row.</exception>
    public static IDataView LoadJoinedPoseCsv(this DataOperationsCatalog catalog, IEnumerable<string> paths, bool dropUnmatched = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return JoinedPoseDataView.FromCsv(paths, dropUnmatched, PoseRun.For(catalog, "LoadJoinedPoseCsv").CancellationToken);
    }

    /// <summary><see cref="LoadJoinedPoseCsv(DataOperationsCatalog, IEnumerable{string}, bool)"/> of the given files,
    /// e.g. <c>LoadJoinedPoseCsv("train2d.csv", "train3d.csv")</c>; unmatched 2D rows are an error.</summary>
    public static IDataView LoadJoinedPoseCsv(this DataOperationsCatalog catalog, params string[] paths) =>
        catalog.LoadJoinedPoseCsv((IEnumerable<string>)paths);

    /// <summary>Opens a dataset PoseML knows by name (case-insensitive): <c>cmu</c> (the shipped CMU motion-capture
    /// sample) or <c>synthetic</c> (generated; Pose3D, Keypoints2D, Confidence) — see <see cref="Datasets"/>.</summary>
    /// <exception cref="InvalidOptionException">Unknown name (the message lists the known ones).</exception>
    /// <exception cref="DataFormatException">The dataset's files cannot be found or read.</exception>
    public static IDataView LoadPoseDataset(this DataOperationsCatalog catalog, string name)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Datasets.Load(name);
    }

    /// <summary>Splits by subject (or another text key) so that each value lands on exactly one side, unlike ML.NET's
    /// <c>TrainTestSplit</c>, whose hashing may leave a side empty. The distinct values are sorted, shuffled with
    /// <paramref name="seed"/> (or one drawn from the context) and the first <c>max(1, round(testFraction × values))</c>
    /// go to the test side (at least one stays on the train side).</summary>
    /// <exception cref="InvalidOptionException"><paramref name="testFraction"/> outside (0, 1), or fewer than 2
    /// distinct values in <paramref name="samplingKeyColumnName"/>.</exception>
    /// <exception cref="SchemaMismatchException">The key column is missing or not text.</exception>
    public static SubjectSplit SplitBySubject(this DataOperationsCatalog catalog, IDataView data, double testFraction = 0.2, int? seed = null,
        string samplingKeyColumnName = PoseColumns.Subject)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Columns().Require(samplingKeyColumnName, ColumnType.Text);
        var (train, test, keys) = data.SplitByKey(samplingKeyColumnName, testFraction, seed ?? PoseRun.For(catalog, "SplitBySubject").NextSeed());
        return new SubjectSplit(train, test, keys);
    }
}
