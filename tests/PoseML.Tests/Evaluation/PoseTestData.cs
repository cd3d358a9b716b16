using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Tests.Evaluation;

/// <summary>Seeded random poses and similarity transforms for the metric tests.</summary>
internal static class PoseTestData
{
    /// <summary>Random poses [frames, joints, 3]: joints spread over about a metre around a root a few
    /// metres in front of the camera (like real camera-frame poses), float32.</summary>
    public static float[] RandomPoses(int seed, int frames, int joints)
    {
        var rng = new Random(seed);
        var poses = new float[frames * joints * 3];
        for (var f = 0; f < frames; f++)
        {
            double cx = rng.NextDouble() * 1000 - 500, cy = rng.NextDouble() * 400 - 200, cz = 3000 + rng.NextDouble() * 2000;
            for (var j = 0; j < joints; j++)
            {
                var i = (f * joints + j) * 3;
                poses[i] = (float)(cx + Gaussian(rng) * 400);
                poses[i + 1] = (float)(cy + Gaussian(rng) * 600);
                poses[i + 2] = (float)(cz + Gaussian(rng) * 250);
            }
        }
        return poses;
    }

    /// <summary>A uniformly random rotation (row-major 3×3, det +1) from a random unit quaternion.</summary>
    public static double[] RandomRotation(Random rng)
    {
        double w = Gaussian(rng), x = Gaussian(rng), y = Gaussian(rng), z = Gaussian(rng);
        var n = Math.Sqrt(w * w + x * x + y * y + z * z);
        w /= n; x /= n; y /= n; z /= n;
        return
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        ];
    }

    /// <summary>Applies x ↦ scale·(x·R) + translation to every joint (row vectors), rounding to float32.</summary>
    public static float[] Transform(float[] poses, double[] r, double scale, (double X, double Y, double Z) translation)
    {
        var result = new float[poses.Length];
        for (var i = 0; i < poses.Length; i += 3)
        {
            double x = poses[i], y = poses[i + 1], z = poses[i + 2];
            result[i] = (float)(scale * (x * r[0] + y * r[3] + z * r[6]) + translation.X);
            result[i + 1] = (float)(scale * (x * r[1] + y * r[4] + z * r[7]) + translation.Y);
            result[i + 2] = (float)(scale * (x * r[2] + y * r[5] + z * r[8]) + translation.Z);
        }
        return result;
    }

    /// <summary>Adds Gaussian noise of standard deviation <paramref name="sigma"/> mm.</summary>
    public static float[] AddNoise(float[] poses, double sigma, int seed)
    {
        var rng = new Random(seed);
        return poses.Select(v => (float)(v + sigma * Gaussian(rng))).ToArray();
    }

    /// <summary>A pose view with key columns; frame numbers are given per row.</summary>
    public static InMemoryDataView View(float[] poses, int joints, string[] subjects, string[] actions, int[] cameras, int[] frames, string poseColumn = PoseColumns.Pose3D) =>
        new DataViewBuilder()
            .AddText(PoseColumns.Subject, subjects)
            .AddText(PoseColumns.Action, actions)
            .AddInt(PoseColumns.Camera, cameras)
            .AddInt(PoseColumns.Frame, frames)
            .AddFloat(poseColumn, poses, joints, 3)
            .Build();

    /// <summary>Rows <paramref name="order"/> of a [rows, joints, 3] array, in that order.</summary>
    public static T[] Rows<T>(T[] values, int rowSize, int[] order) =>
        order.SelectMany(r => values.Skip(r * rowSize).Take(rowSize)).ToArray();

    public static Skeleton H36M => Skeletons.Human36M17;

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
