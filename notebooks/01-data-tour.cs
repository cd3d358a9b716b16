#:project ../src/PoseML/PoseML.csproj
#:property PublishAot=false
// Notebook 1 — a tour of PoseML's data model on the shipped CMU sample.
// Run it with: dotnet run notebooks/01-data-tour.cs   (CI runs every notebook).
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

var root = FindRepoRoot();
var take = PoseCsv.Read(Path.Combine(root, "datasets", "cmu", "poses", "35_01.csv"));

// 1. A pose table is a lazy, columnar data view: the schema is known before any row is read.
Console.WriteLine($"skeleton: {take.Layout.Skeleton}");
Console.WriteLine(take.Schema.Describe());

// 2. Reading happens in batches; Cache() holds the rows in memory for repeated passes.
var poses = take.Cache();
Console.WriteLine($"rows: {poses.Rows}");

// 3. Bone lengths of the first frame, from the skeleton's parent table (mm).
var pose = poses.ReadFloats(PoseColumns.Pose3D);
var skeleton = Skeletons.Human36M17;
foreach (var (child, parent) in skeleton.Bones.Take(6))
{
    var d = Enumerable.Range(0, 3).Select(k => pose[child * 3 + k] - pose[parent * 3 + k]).ToArray();
    Console.WriteLine($"  {skeleton.JointNames[parent],-9} -> {skeleton.JointNames[child],-9} {Math.Sqrt(d.Sum(v => v * v)),7:F1} mm");
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "PoseML.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("run the notebook from inside the PoseML repository");
}
