using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;

namespace PoseML.Tests.MLNet;

/// <summary>ML.NET test data for the evaluation, cross-validation and sweep extensions: per row a random 17-joint
/// Pose3D (mm) and copies of it offset along x by <see cref="Step"/>·k mm on every joint except the root (joint 0),
/// in columns Noisy0..Noisy3. Root-aligned MPJPE of NoisyK is then exactly 16·Step·k/17: the root joint's error is 0,
/// each other joint's is Step·k.</summary>
internal static class PoseMLNetTestData
{
    public const int Joints = 17;
    public const float Step = 10;

    public sealed class Row
    {
        public string Subject { get; set; } = "";
        public string Action { get; set; } = "";
        public int Camera { get; set; }
        public int Frame { get; set; }
        public float[] Pose3D { get; set; } = [];
        public float[] Noisy0 { get; set; } = [];
        public float[] Noisy1 { get; set; } = [];
        public float[] Noisy2 { get; set; } = [];
        public float[] Noisy3 { get; set; } = [];
    }

    /// <summary>The hand-derived MPJPE (mm) of column Noisy<paramref name="level"/>.</summary>
    public static double Mpjpe(int level) => 16.0 * Step * level / Joints;

    public static IDataView Create(MLContext ml, int subjects = 7, int framesPerSubject = 12)
    {
        var random = new Random(7);
        var rows = new List<Row>();
        for (var s = 0; s < subjects; s++)
        {
            for (var f = 0; f < framesPerSubject; f++)
            {
                var pose = Enumerable.Range(0, Joints * 3).Select(_ => (float)Math.Round((random.NextDouble() - 0.5) * 1000)).ToArray();
                float[] Offset(int level) => pose.Select((v, i) => i >= 3 && i % 3 == 0 ? v + Step * level : v).ToArray();
                rows.Add(new Row
                {
                    Subject = $"S{s + 1}", Action = f % 2 == 0 ? "Walk" : "Sit", Camera = 0, Frame = f,
                    Pose3D = pose, Noisy0 = Offset(0), Noisy1 = Offset(1), Noisy2 = Offset(2), Noisy3 = Offset(3),
                });
            }
        }
        var definition = SchemaDefinition.Create(typeof(Row));
        foreach (var name in new[] { nameof(Row.Pose3D), nameof(Row.Noisy0), nameof(Row.Noisy1), nameof(Row.Noisy2), nameof(Row.Noisy3) })
            definition[name].ColumnType = PoseColumnTypes.Pose3D(Joints);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }
}
