using PoseML.Core;
using PoseML.Data.View;
using PoseML.Vision.Images.Cropping;
using PoseML.Vision.Images.Decoding;

namespace PoseML.Vision.Images.Files;

/// <summary>A lazy view over image files with their labels (columns of <see cref="ImageColumns"/>): the list of
/// entries is held, the images are decoded (bounded, see <see cref="ImageDecoder"/>), cropped and scaled per batch
/// while the view is read, the rows of a batch in parallel (the result does not depend on the thread count). A file that cannot be decoded stops the read with a one-line
/// <see cref="DataFormatException"/> naming it.</summary>
public sealed class ImageListDataView : BatchDataView
{
    private readonly ImageEntry[] _entries;
    private readonly ImageDecodeOptions _decode;

    /// <summary>Creates the view over <paramref name="entries"/> with <paramref name="size"/>×<paramref name="size"/> images.</summary>
    /// <exception cref="InvalidOptionException">A size outside 1..4096 or label arrays of the wrong length.</exception>
    public ImageListDataView(IEnumerable<ImageEntry> entries, int size, ImageDecodeOptions? decode = null)
    {
        if (size is < 1 or > 4096) throw new InvalidOptionException("size", $"must be in 1..4096, got {size}");
        _entries = entries.ToArray();
        foreach (var e in _entries)
        {
            if (e.Keypoints is { Length: not ImageColumns.JointCount * 2 } || e.Visibility is { Length: not ImageColumns.JointCount }
                || e.Pose3D is { Length: not ImageColumns.JointCount * 3 })
                throw new InvalidOptionException("entries", $"{e.Path}: labels must hold 34 keypoint, 17 visibility and 51 pose values");
        }
        _decode = decode ?? new ImageDecodeOptions();
        Size = size;
        Columns = ImageColumns.Schema(size);
    }

    /// <summary>Side of the square images.</summary>
    public int Size { get; }

    /// <summary>The rows' files and labels.</summary>
    public IReadOnlyList<ImageEntry> Entries => _entries;

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount => _entries.Length;

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        if (batchSize <= 0) throw new InvalidOptionException("batchSize", $"must be positive, got {batchSize}");
        var wantImage = columns is null || columns.Contains(ImageColumns.Image);
        var wantCrop = columns is null || columns.Contains(ImageColumns.CropToImage);
        for (var start = 0; start < _entries.Length; start += batchSize)
        {
            var n = Math.Min(batchSize, _entries.Length - start);
            yield return Read(start, n, wantImage, wantCrop);
        }
    }

    private DataBatch Read(int start, int n, bool wantImage, bool wantCrop)
    {
        const int J = ImageColumns.JointCount;
        var plane = 3 * Size * Size;
        var images = wantImage ? new float[n * plane] : [];
        var keypoints = new float[n * J * 2];
        var visibility = new float[n * J];
        var poses = new float[n * J * 3];
        var crops = new float[n * 4];
        var subjects = new string[n];
        var actions = new string[n];
        var cameras = new int[n];
        var frames = new int[n];
        for (var i = 0; i < n; i++)
        {
            var e = _entries[start + i];
            subjects[i] = e.Subject;
            actions[i] = e.Action;
            cameras[i] = e.Camera;
            frames[i] = e.Frame;
            Fill(keypoints.AsSpan(i * J * 2, J * 2), e.Keypoints, float.NaN);
            Fill(visibility.AsSpan(i * J, J), e.Visibility, 0);
            Fill(poses.AsSpan(i * J * 3, J * 3), e.Pose3D, float.NaN);
        }
        if (wantImage || wantCrop)
        {
            // Rows are independent: decode them on all cores. The first failing row (in row order) is reported.
            var errors = new Exception?[n];
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                try
                {
                    var e = _entries[start + i];
                    if (wantImage)
                    {
                        using var bitmap = ImageDecoder.Decode(e.Path, _decode);
                        var crop = e.Crop ?? CropToImage.Letterbox(bitmap.Width, bitmap.Height, Size);
                        crop.CopyTo(crops.AsSpan(i * 4, 4));
                        ImageCropper.Crop(bitmap, crop, Size, images.AsSpan(i * plane, plane));
                    }
                    else (e.Crop ?? Letterbox(e.Path)).CopyTo(crops.AsSpan(i * 4, 4));
                }
                catch (Exception ex)
                {
                    errors[i] = ex;
                }
            });
            if (errors.FirstOrDefault(x => x is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        var schema = wantImage ? Columns : Columns.Select(Columns.Select(c => c.Name).Where(c => c != ImageColumns.Image));
        var buffers = new ColumnBuffer[schema.Count];
        foreach (var c in schema)
        {
            buffers[c.Index] = c.Name switch
            {
                ImageColumns.Subject => ColumnBuffer.Of(subjects),
                ImageColumns.Action => ColumnBuffer.Of(actions),
                ImageColumns.Camera => ColumnBuffer.Of(cameras),
                ImageColumns.Frame => ColumnBuffer.Of(frames),
                ImageColumns.Keypoints2D => ColumnBuffer.Of(keypoints),
                ImageColumns.Visibility => ColumnBuffer.Of(visibility),
                ImageColumns.Pose3D => ColumnBuffer.Of(poses),
                ImageColumns.CropToImage => ColumnBuffer.Of(crops),
                _ => ColumnBuffer.Of(images),
            };
        }
        return new DataBatch(schema, n, start, buffers);
    }

    private CropToImage Letterbox(string path)
    {
        var (w, h) = ImageDecoder.ReadSize(path, _decode);
        return CropToImage.Letterbox(w, h, Size);
    }

    private static void Fill(Span<float> target, float[]? values, float missing)
    {
        if (values is null) target.Fill(missing);
        else values.CopyTo(target);
    }
}
