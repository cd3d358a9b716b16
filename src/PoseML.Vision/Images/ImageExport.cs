using System.Globalization;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data.View;
using SkiaSharp;

namespace PoseML.Vision.Images;

/// <summary>Writes rows of an image view (<see cref="ImageColumns"/>) as PNG files plus a labels table, so that
/// people can look at them: <c>image_000000.png</c>, … and <c>labels.csv</c> with one line per image (file, Subject,
/// Action, Camera, Frame, CropToImage's four values, then per Human3.6M-17 joint its x and y in original image pixels,
/// its x and y in the PNG's pixels, and its visibility). Every file is written atomically. With <c>overlay</c> the
/// labelled joints are drawn on the PNGs (bones in white, right side red, left side blue), to check labels by eye.</summary>
public static class ImageExport
{
    /// <summary>The name of the labels table.</summary>
    public const string LabelsFile = "labels.csv";

    /// <summary>Writes the first <paramref name="count"/> rows of <paramref name="images"/> into
    /// <paramref name="folder"/> (created if needed); returns the files written, labels last.</summary>
    /// <exception cref="InvalidOptionException">Non-positive count.</exception>
    /// <exception cref="SchemaMismatchException">The view lacks an image column of the documented shape.</exception>
    public static IReadOnlyList<string> Write(IDataView images, string folder, int count, bool overlay = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (count < 1) throw new InvalidOptionException("count", $"must be >= 1, got {count}");
        var type = images.Columns().Require(ImageColumns.Image, DataKind.Float32, 3).Type;
        if (type.Shape[0] != 3 || type.Shape[1] != type.Shape[2])
            throw new SchemaMismatchException(ImageColumns.Image, $"expected float[3,S,S], found {type}");
        var size = type.Shape[1];
        AtomicFile.EnsureWritableDirectory(folder);
        var names = Data.Skeletons.Human36M17.JointNames;
        var header = new List<string> { "file", "Subject", "Action", "Camera", "Frame", "ScaleX", "ScaleY", "OffsetX", "OffsetY" };
        foreach (var n in names) header.AddRange([$"{n}_x", $"{n}_y", $"{n}_crop_x", $"{n}_crop_y", $"{n}_visible"]);
        var lines = new List<string> { string.Join(",", header) };
        var files = new List<string>();
        const int J = ImageColumns.JointCount;
        var written = 0;
        foreach (var batch in images.Take(count).GetBatches(32))
        {
            var pixels = batch.GetFloats(ImageColumns.Image);
            var keypoints = batch.GetFloats(ImageColumns.Keypoints2D);
            var visibility = batch.GetFloats(ImageColumns.Visibility);
            var crops = batch.GetFloats(ImageColumns.CropToImage);
            for (var r = 0; r < batch.RowCount; r++, written++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = $"image_{written:D6}.png";
                var path = Path.Combine(folder, file);
                var crop = Cropping.CropToImage.From(crops.Slice(r * 4, 4));
                WritePng(pixels.Slice(r * 3 * size * size, 3 * size * size), size, path,
                    overlay ? CropPoints(keypoints.Slice(r * J * 2, J * 2), visibility.Slice(r * J, J), crop) : null);
                files.Add(path);
                var cells = new List<string>
                {
                    file, Quote(batch.GetTexts(ImageColumns.Subject)[r]), Quote(batch.GetTexts(ImageColumns.Action)[r]),
                    Num(batch.GetInts(ImageColumns.Camera)[r]), Num(batch.GetInts(ImageColumns.Frame)[r]),
                    Num(crop.ScaleX), Num(crop.ScaleY), Num(crop.OffsetX), Num(crop.OffsetY),
                };
                for (var j = 0; j < J; j++)
                {
                    var x = keypoints[(r * J + j) * 2];
                    var y = keypoints[(r * J + j) * 2 + 1];
                    cells.AddRange([Num(x), Num(y), Num(crop.ToCropX(x)), Num(crop.ToCropY(y)), Num(visibility[r * J + j])]);
                }
                lines.Add(string.Join(",", cells));
            }
        }
        var labels = Path.Combine(folder, LabelsFile);
        AtomicFile.WriteText(labels, w =>
        {
            foreach (var line in lines) w.WriteLine(line);
        });
        files.Add(labels);
        return files;
    }

    /// <summary>Writes CHW floats in [0, 1] (3·S·S values) as an S×S PNG, atomically; with
    /// <paramref name="joints"/> (Human3.6M-17 points in the PNG's pixel coordinates, NaN for none) the skeleton is
    /// drawn over the image.</summary>
    public static void WritePng(ReadOnlySpan<float> chw, int size, string path, SKPoint[]? joints = null)
    {
        var plane = size * size;
        if (chw.Length != 3 * plane) throw new ArgumentException($"a {size}x{size} image needs {3 * plane} values, got {chw.Length}", nameof(chw));
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var bytes = bitmap.GetPixelSpan();
        for (var i = 0; i < plane; i++)
        {
            bytes[4 * i] = Byte(chw[i]);
            bytes[4 * i + 1] = Byte(chw[plane + i]);
            bytes[4 * i + 2] = Byte(chw[2 * plane + i]);
            bytes[4 * i + 3] = 255;
        }
        if (joints is not null) DrawSkeleton(bitmap, joints);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => data.SaveTo(stream));
    }

    private static SKPoint[] CropPoints(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Cropping.CropToImage crop)
    {
        var points = new SKPoint[visibility.Length];
        for (var j = 0; j < points.Length; j++)
        {
            points[j] = visibility[j] > 0
                ? new SKPoint(crop.ToCropX(keypoints[2 * j]), crop.ToCropY(keypoints[2 * j + 1]))
                : new SKPoint(float.NaN, float.NaN);
        }
        return points;
    }

    private static void DrawSkeleton(SKBitmap bitmap, SKPoint[] joints)
    {
        var skeleton = Data.Skeletons.Human36M17;
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true, StrokeWidth = 1.5f, Color = SKColors.White };
        // Pixel centres are at integer coordinates; the canvas's pixel i covers [i, i+1).
        static SKPoint Device(SKPoint p) => new(p.X + 0.5f, p.Y + 0.5f);
        for (var j = 0; j < joints.Length; j++)
        {
            var parent = skeleton.Parents[j];
            if (parent < 0 || float.IsNaN(joints[j].X) || float.IsNaN(joints[parent].X)) continue;
            canvas.DrawLine(Device(joints[parent]), Device(joints[j]), paint);
        }
        for (var j = 0; j < joints.Length; j++)
        {
            if (float.IsNaN(joints[j].X)) continue;
            paint.Color = skeleton.JointNames[j].StartsWith('R') ? SKColors.Red : skeleton.JointNames[j].StartsWith('L') ? SKColors.DodgerBlue : SKColors.Yellow;
            canvas.DrawCircle(Device(joints[j]), 2.5f, paint);
        }
    }

    private static byte Byte(float v) => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp((int)MathF.Round(v * 255), 0, 255);

    private static string Num(float v) => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
