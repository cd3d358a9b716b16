using Microsoft.ML;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.View;
using PoseML.Vision.Images.Cropping;
using SkiaSharp;

namespace PoseML.Vision.Images.Rendering;

/// <summary>A lazy view of rendered people (columns of <see cref="ImageColumns"/>): each row of the camera-frame
/// pose view it wraps becomes an S×S image cropped around the projected joints (square, <see cref="RenderedImageOptions.Margin"/>
/// times the joints' bounding box), with the row's exact Keypoints2D (camera pixels, the 2D the lifters train on), Pose3D
/// (mm, camera frame), Visibility (1 for joints in front of the camera) and CropToImage. Images are drawn per batch while the
/// view is read and never kept; a row's image depends only on its Subject, Action, Camera, Frame, its pose and the seed,
/// so it is the same whatever batch it falls in.</summary>
public sealed class RenderedImageDataView : BatchDataView
{
    private static readonly string[] PoseInputs =
        [PoseColumns.Subject, PoseColumns.Action, PoseColumns.Camera, PoseColumns.Frame, PoseColumns.Pose3D, PoseColumns.Keypoints2D, PoseColumns.Confidence];

    private readonly IDataView _poses;
    private readonly CameraRig _rig;
    private long? _rowCount;

    internal RenderedImageDataView(IDataView poses, CameraRig rig, RenderedImageOptions options)
    {
        _poses = poses;
        _rig = rig;
        Options = options;
        Columns = ImageColumns.Schema(options.ImageSize);
    }

    /// <summary>The options the view renders with.</summary>
    public RenderedImageOptions Options { get; }

    /// <summary>The pose rows that are rendered (Subject, Action, Camera, Frame, Pose3D, Keypoints2D, Confidence).</summary>
    public IDataView Poses => _poses;

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <summary>Number of rows; found on first use by one pass over the pose keys (no image is drawn).</summary>
    public override long? RowCount => _rowCount ??= _poses.CountRows();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        if (batchSize <= 0) throw new Core.InvalidOptionException("batchSize", $"must be positive, got {batchSize}");
        var wantImage = columns is null || columns.Contains(ImageColumns.Image);
        var renderer = wantImage ? new PersonRenderer(Options.ImageSize, Options.Seed) : null;
        try
        {
            foreach (var batch in _poses.GetBatches(batchSize, PoseInputs))
                yield return Render(batch, renderer);
        }
        finally
        {
            renderer?.Dispose();
        }
    }

    private DataBatch Render(DataBatch batch, PersonRenderer? renderer)
    {
        var n = batch.RowCount;
        var s = Options.ImageSize;
        var pose = batch.GetFloats(PoseColumns.Pose3D);
        var keypoints = batch.GetFloats(PoseColumns.Keypoints2D);
        var confidence = batch.GetFloats(PoseColumns.Confidence);
        var subjects = batch.GetTexts(PoseColumns.Subject);
        var actions = batch.GetTexts(PoseColumns.Action);
        var cameras = batch.GetInts(PoseColumns.Camera);
        var frames = batch.GetInts(PoseColumns.Frame);
        var images = renderer is null ? [] : new float[n * 3 * s * s];
        var crops = new float[n * 4];
        const int J = ImageColumns.JointCount;
        for (var r = 0; r < n; r++)
        {
            var kp = keypoints.Slice(r * J * 2, J * 2);
            var crop = CropAround(kp, confidence.Slice(r * J, J), s, Options.Margin);
            if (Options.CropJitter > 0) crop = Jitter(crop, s, Options.CropJitter, RenderSeed.Of(Options.Seed, subjects[r], actions[r], cameras[r], ~frames[r]));
            crop.CopyTo(crops.AsSpan(r * 4, 4));
            renderer?.Render(pose.Slice(r * J * 3, J * 3), _rig.Cameras[cameras[r]].Intrinsics, crop,
                subjects[r], actions[r], cameras[r], frames[r], images.AsSpan(r * 3 * s * s, 3 * s * s));
        }
        var schema = renderer is not null ? Columns : Columns.Select(Columns.Select(c => c.Name).Where(c => c != ImageColumns.Image));
        var buffers = new ColumnBuffer[schema.Count];
        foreach (var c in schema)
        {
            buffers[c.Index] = c.Name switch
            {
                ImageColumns.Subject or ImageColumns.Action or ImageColumns.Camera or ImageColumns.Frame or ImageColumns.Pose3D or ImageColumns.Keypoints2D
                    => batch.Buffer(c.Name),
                ImageColumns.Visibility => batch.Buffer(PoseColumns.Confidence),
                ImageColumns.CropToImage => ColumnBuffer.Of(crops),
                _ => ColumnBuffer.Of(images),
            };
        }
        return new DataBatch(schema, n, batch.StartRow, buffers);
    }

    // Scales the square about its centre and moves the centre, by amounts drawn from the row's seed.
    private static CropToImage Jitter(CropToImage crop, int size, double jitter, int seed)
    {
        var rng = new Random(seed);
        var side = crop.ScaleX * size;
        var centreX = crop.ToImageX((size - 1) / 2f);
        var centreY = crop.ToImageY((size - 1) / 2f);
        var scale = 1 + jitter * (2 * rng.NextDouble() - 1);
        var dx = jitter * side * (2 * rng.NextDouble() - 1);
        var dy = jitter * side * (2 * rng.NextDouble() - 1);
        return CropToImage.Square(centreX + dx, centreY + dy, side * scale, size);
    }

    /// <summary>The square crop around the joints in front of the camera (the whole 1000-pixel frame's centre when none is).</summary>
    internal static CropToImage CropAround(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> confidence, int size, double margin) =>
        CropToImage.AroundKeypoints(keypoints, confidence, margin, size) ?? CropToImage.Square(499.5, 499.5, 1000, size);

    /// <summary>Draws one row: background, person, conversion to CHW. Holds one S×S bitmap, reused.</summary>
    private sealed class PersonRenderer(int size, int seed) : IDisposable
    {
        private readonly SKBitmap _bitmap = new(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        private readonly PersonPainter _person = new();
        private readonly BackgroundPainter _background = new();
        private readonly Dictionary<string, PersonAppearance> _looks = new(StringComparer.Ordinal);

        public void Render(ReadOnlySpan<float> pose, CameraIntrinsics camera, CropToImage crop, string subject, string action, int cameraIndex, int frame, Span<float> chw)
        {
            if (!_looks.TryGetValue(subject, out var look)) _looks[subject] = look = PersonAppearance.For(subject, seed);
            var scene = SceneStyle.Draw(new Random(RenderSeed.Of(seed, subject, action, cameraIndex, frame)));
            using (var canvas = new SKCanvas(_bitmap))
            {
                _background.Paint(canvas, size, scene);
                _person.Paint(canvas, pose, camera, crop, look, scene);
            }
            ImageCropper.ToChw(_bitmap, chw);
            AddNoise(chw, scene.Noise, scene.Seed);
        }

        // Sensor-like noise: the sum of two uniforms (triangular, close enough to Gaussian), clamped to [0, 1].
        private static void AddNoise(Span<float> chw, float sigma, int seed)
        {
            if (sigma <= 0) return;
            var state = (uint)seed | 1u;
            var k = sigma * 2.449f / uint.MaxValue; // (u1 + u2 − max) / max is triangular on [−1, 1] with sd 1/√6; × √6 σ gives sd σ
            for (var i = 0; i < chw.Length; i++)
            {
                state ^= state << 13; state ^= state >> 17; state ^= state << 5;
                var u1 = state;
                state ^= state << 13; state ^= state >> 17; state ^= state << 5;
                var v = chw[i] + ((float)u1 + state - uint.MaxValue) * k;
                chw[i] = v < 0 ? 0 : v > 1 ? 1 : v;
            }
        }

        public void Dispose() => _bitmap.Dispose();
    }
}
