using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.Vision.Tests.Stages;

/// <summary>Small in-memory views with the image-data contract's columns (Image float[3,S,S], Keypoints2D float[J,2] in
/// original pixels, Visibility float[J], CropToImage float[4]): each image shows J coloured 4×4 squares on a grey
/// background, joint j at the centre of square j; the crop maps to an original image by (2, 2, 10, 20).</summary>
internal static class HeatmapTestData
{
    public const int Joints = 2;

    public static readonly float[] Crop = [2, 2, 10, 20];

    public sealed class Row
    {
        [VectorType(3, 32, 32)]
        public float[] Image { get; set; } = [];

        [VectorType(Joints, 2)]
        public float[] Keypoints2D { get; set; } = [];

        [VectorType(Joints)]
        public float[] Visibility { get; set; } = [];

        [VectorType(4)]
        public float[] CropToImage { get; set; } = [];

        [VectorType(3, 16, 16)]
        public float[] Small { get; set; } = [];
    }

    public static Row[] Rows(int count, int seed, int size = 32)
    {
        var rng = new Random(seed);
        var rows = new Row[count];
        for (var r = 0; r < count; r++)
        {
            var image = new float[3 * size * size];
            Array.Fill(image, 0.5f);
            var keypoints = new float[Joints * 2];
            for (var j = 0; j < Joints; j++)
            {
                int x0 = rng.Next(0, size - 4), y0 = rng.Next(0, size - 4);
                for (var y = y0; y < y0 + 4; y++)
                {
                    for (var x = x0; x < x0 + 4; x++)
                    {
                        for (var c = 0; c < 3; c++) image[(c * size + y) * size + x] = c == j ? 1 : 0;
                    }
                }
                // centre of the square in crop pixels, then crop → original: (x + 0.5)·2 − 0.5 + offset
                float cx = x0 + 1.5f, cy = y0 + 1.5f;
                keypoints[2 * j] = (cx + 0.5f) * Crop[0] - 0.5f + Crop[2];
                keypoints[2 * j + 1] = (cy + 0.5f) * Crop[1] - 0.5f + Crop[3];
            }
            rows[r] = new Row { Image = image, Keypoints2D = keypoints, Visibility = [1, r % 5 == 0 ? 0 : 1], CropToImage = Crop, Small = new float[3 * 16 * 16] };
        }
        return rows;
    }

    public static IDataView View(MLContext ml, int count, int seed) => ml.Data.LoadFromEnumerable(Rows(count, seed));
}
