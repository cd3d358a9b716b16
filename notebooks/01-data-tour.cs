#:project ../src/PoseML/PoseML.csproj
// Notebook 1 — a tour of PoseML's data model on the shipped CMU sample, through ML.NET's data catalog.
// Run it with: dotnet run notebooks/01-data-tour.cs   (CI runs every notebook).
using Microsoft.ML;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline.DataLoading;

var ml = new MLContext(seed: 0);
var root = FindRepoRoot();

// 1. A pose table is a lazy Microsoft.ML IDataView: the schema is known before any row is read. Pose columns are
//    fixed-size float vectors that carry the joint count (Pose3D is Vector<Single, 17, 3>, in mm).
var take = ml.Data.LoadPoseCsv(Path.Combine(root, "datasets", "cmu", "poses", "35_01.csv"));
foreach (var column in take.Schema)
    Console.WriteLine($"  {column.Name,-8} {column.Type}");

// 2. Reading happens in batches; Cache() holds the rows in memory for repeated passes, and ML.NET's own
//    cursors and Preview() work on every PoseML view.
var poses = take.Cache();
Console.WriteLine($"rows: {poses.Rows}; first row: {string.Join(", ", poses.Preview(maxRows: 1).RowView[0].Values.Take(4).Select(v => $"{v.Key}={v.Value}"))}");

// 3. Bone lengths of the first frame, from the skeleton's parent table (mm).
var pose = poses.ReadFloats(PoseColumns.Pose3D);
var skeleton = Skeletons.Human36M17;
foreach (var (child, parent) in skeleton.Bones.Take(6))
{
    var d = Enumerable.Range(0, 3).Select(k => pose[child * 3 + k] - pose[parent * 3 + k]).ToArray();
    Console.WriteLine($"  {skeleton.JointNames[parent],-9} -> {skeleton.JointNames[child],-9} {Math.Sqrt(d.Sum(v => v * v)),7:F1} mm");
}

// 4. The whole sample by name, and a split that keeps every subject on one side (unlike TrainTestSplit's hashing).
var cmu = ml.Data.LoadPoseDataset("cmu").Cache();
var subjects = cmu.ReadTexts(PoseColumns.Subject).Distinct().Order().ToArray();
Console.WriteLine($"CMU sample: {cmu.Rows} frames of {subjects.Length} subjects ({string.Join(", ", subjects)})");
var (train, test, testSubjects) = ml.Data.SplitBySubject(cmu, testFraction: 0.3, seed: 0);
Console.WriteLine($"held out: {string.Join(", ", testSubjects)}; train {train.Cache().Rows} frames, test {test.Cache().Rows} frames");
if (train.ReadTexts(PoseColumns.Subject).Intersect(testSubjects).Any()) throw new InvalidOperationException("a subject is on both sides");

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "PoseML.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("run the notebook from inside the PoseML repository");
}
