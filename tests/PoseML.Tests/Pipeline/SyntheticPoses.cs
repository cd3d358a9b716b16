using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Tests.Pipeline;

/// <summary>Test data: 3D poses from a low-dimensional linear pose model (a fixed mean pose plus four
/// deformation modes, scaled per subject, plus 5 mm noise), placed 5 m in front of two pinhole cameras
/// (f = 1000 px, principal point (500, 500); camera 1 yawed 30°) and projected to 2D. Because the
/// perspective is weak at 5 m, a linear 2D→3D map explains most of the 3D variation.</summary>
internal static class SyntheticPoses
{
    public const int Joints = 17;

    public static InMemoryDataView Create(int subjects = 6, int framesPerSubject = 60, int cameras = 2, int seed = 0)
    {
        var shape = new Random(12345); // the body model is the same for every data set
        var mean = new double[Joints * 3];
        for (var i = 0; i < mean.Length; i++) mean[i] = (shape.NextDouble() - 0.5) * 800;
        var modes = new double[4][];
        for (var m = 0; m < modes.Length; m++)
        {
            modes[m] = new double[Joints * 3];
            for (var i = 0; i < modes[m].Length; i++) modes[m][i] = Normal(shape) * 60;
        }
        var random = new Random(seed);
        var subjectsCol = new List<string>();
        var actions = new List<string>();
        var cams = new List<int>();
        var frames = new List<int>();
        var k2d = new List<float>();
        var conf = new List<float>();
        var p3d = new List<float>();
        for (var s = 0; s < subjects; s++)
        {
            var scale = 0.9 + 0.2 * random.NextDouble();
            for (var f = 0; f < framesPerSubject; f++)
            {
                var z = Enumerable.Range(0, modes.Length).Select(_ => Normal(random)).ToArray();
                var world = new double[Joints * 3];
                for (var i = 0; i < world.Length; i++)
                {
                    var v = mean[i];
                    for (var m = 0; m < modes.Length; m++) v += z[m] * modes[m][i];
                    world[i] = scale * v + Normal(random) * 5;
                }
                var (tx, ty) = ((random.NextDouble() - 0.5) * 400, (random.NextDouble() - 0.5) * 200);
                for (var c = 0; c < cameras; c++)
                {
                    var yaw = c * Math.PI / 6;
                    subjectsCol.Add($"S{s + 1}");
                    actions.Add("Walk");
                    cams.Add(c);
                    frames.Add(f);
                    for (var j = 0; j < Joints; j++)
                    {
                        var (x, y, zz) = (world[j * 3], world[j * 3 + 1], world[j * 3 + 2]);
                        var xc = Math.Cos(yaw) * x + Math.Sin(yaw) * zz + tx;
                        var yc = y + ty;
                        var zc = -Math.Sin(yaw) * x + Math.Cos(yaw) * zz + 5000;
                        p3d.Add((float)xc);
                        p3d.Add((float)yc);
                        p3d.Add((float)zc);
                        k2d.Add((float)(1000 * xc / zc + 500));
                        k2d.Add((float)(1000 * yc / zc + 500));
                        conf.Add(1f);
                    }
                }
            }
        }
        return new DataViewBuilder()
            .AddText(PoseColumns.Subject, subjectsCol.ToArray())
            .AddText(PoseColumns.Action, actions.ToArray())
            .AddInt(PoseColumns.Camera, cams.ToArray())
            .AddInt(PoseColumns.Frame, frames.ToArray())
            .AddFloat(PoseColumns.Keypoints2D, k2d.ToArray(), Joints, 2)
            .AddFloat(PoseColumns.Confidence, conf.ToArray(), Joints)
            .AddFloat(PoseColumns.Pose3D, p3d.ToArray(), Joints, 3)
            .Build();
    }

    /// <summary>MPJPE of always predicting the training mean pose: the baseline a lifter must beat.</summary>
    public static double MeanPoseMpjpe(InMemoryDataView train, InMemoryDataView test)
    {
        var t = train.Column(PoseColumns.Pose3D).Floats.Span;
        var mean = new float[Joints * 3];
        for (var i = 0; i < t.Length; i++) mean[i % mean.Length] += t[i] / train.Rows;
        var truth = test.Column(PoseColumns.Pose3D).Floats.ToArray();
        var predicted = new float[truth.Length];
        for (var i = 0; i < predicted.Length; i++) predicted[i] = mean[i % mean.Length];
        return PoseML.Evaluation.PoseMetrics.Mpjpe(predicted, truth, Joints);
    }

    private static double Normal(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
