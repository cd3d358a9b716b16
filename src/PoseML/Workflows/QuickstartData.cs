using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Catalog;
using PoseML.Data.View;

namespace PoseML.Workflows;

/// <summary>One shipped dataset split by subject: every subject is on exactly one side.</summary>
public sealed record SubjectSplit(string Name, IDataView Train, IDataView Test, IReadOnlyList<string> TestSubjects);

/// <summary>The shipped data as the quickstart uses it: the synthetic set and the CMU sample seen by
/// the four Human3.6M cameras (camera-frame Pose3D in mm, Keypoints2D in pixels, Confidence), each
/// split by subject with one seed.</summary>
public static class QuickstartData
{
    /// <summary>Loads, projects and splits the shipped datasets. <paramref name="testFraction"/> of the
    /// subjects of each dataset (at least one) are held out.</summary>
    public static IReadOnlyList<SubjectSplit> Load(int seed, double testFraction, bool includeCmu = true)
    {
        var splits = new List<SubjectSplit> { Split("synthetic", Datasets.Load("synthetic").Cache(), seed, testFraction) };
        if (includeCmu)
        {
            var rig = H36MCameras.Rig();
            var cmu = rig.Project(Datasets.Load("cmu").Cache().PlaceInRig(rig)).Cache();
            splits.Add(Split("cmu", cmu, seed, testFraction));
        }
        return splits;
    }

    private static SubjectSplit Split(string name, InMemoryDataView data, int seed, double testFraction)
    {
        var (train, test, testKeys) = data.SplitByKey(PoseColumns.Subject, testFraction, seed);
        return new SubjectSplit(name, train.Cache(), test.Cache(), testKeys);
    }
}
