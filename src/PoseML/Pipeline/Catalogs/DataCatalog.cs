using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Pipeline.Catalogs;

/// <summary>Loading, joining, caching and splitting data (<c>ctx.Data</c>, ML.NET's <c>DataOperationsCatalog</c>).</summary>
public sealed class DataCatalog : CatalogBase
{
    internal DataCatalog(PoseContext context) : base(context) { }

    /// <summary>Opens a pose-table CSV lazily (see <see cref="PoseCsv.Read"/>).</summary>
    public PoseCsvDataView LoadFromPoseCsv(string path, PoseCsvReadOptions? options = null) => PoseCsv.Read(path, options);

    /// <summary>Joins 2D keypoints with 3D poses on (Subject, Action, Camera, Frame): the result has the
    /// <paramref name="keypoints2d"/> columns plus <see cref="PoseColumns.Pose3D"/>, in the 2D rows' order.
    /// The 3D side is read now (and must have unique keys); the 2D side streams when the result is read.
    /// A 2D row with no 3D pose is an error naming its key, unless <paramref name="dropUnmatched"/>.</summary>
    /// <exception cref="Core.SchemaMismatchException">A key or pose column is missing or mistyped.</exception>
    /// <exception cref="Core.DataFormatException">Duplicate 3D keys; (while reading) an unmatched 2D row.</exception>
    public JoinedPoseDataView JoinPoses(IDataView keypoints2d, IDataView poses3d, bool dropUnmatched = false)
    {
        ArgumentNullException.ThrowIfNull(keypoints2d);
        ArgumentNullException.ThrowIfNull(poses3d);
        return new JoinedPoseDataView(keypoints2d, poses3d, dropUnmatched);
    }

    /// <summary>Opens pose-table CSVs, concatenates the 2D ones and the 3D ones (told apart by their headers) and
    /// joins them with <see cref="JoinPoses"/>: the usual input of a lifter, from e.g. <c>train2d.csv train3d.csv</c>.
    /// The tables are read with the context's <see cref="PoseContext.CancellationToken"/> checked per batch.</summary>
    /// <exception cref="Core.InvalidOptionException">No 2D or no 3D table among <paramref name="paths"/>.</exception>
    public JoinedPoseDataView LoadJoinedPoseCsv(IEnumerable<string> paths, bool dropUnmatched = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return JoinedPoseDataView.FromCsv(paths, dropUnmatched, Context.CancellationToken);
    }

    /// <summary>Reads a view once into memory (ML.NET's <c>Cache</c>).</summary>
    public InMemoryDataView Cache(IDataView data) => data.Cache();

    /// <summary>Splits by a sampling key so that each key value (e.g. subject) lands in one side only
    /// (ML.NET's <c>TrainTestSplit</c> with <c>samplingKeyColumnName</c>). Without a
    /// <paramref name="seed"/>, the context's seed is used.</summary>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.2, string samplingKeyColumnName = PoseColumns.Subject, int? seed = null)
    {
        var (train, test, keys) = data.SplitByKey(samplingKeyColumnName, testFraction, seed ?? Context.Seed ?? Context.NextSeed());
        return new TrainTestData(train, test, keys);
    }
}

/// <summary>The two sides of a <see cref="DataCatalog.TrainTestSplit"/> and the key values in the test side.</summary>
public sealed record TrainTestData(IDataView TrainSet, IDataView TestSet, IReadOnlyList<string> TestKeys);
