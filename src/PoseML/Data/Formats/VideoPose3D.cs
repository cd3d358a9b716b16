using System.Collections.Immutable;
using PoseML.Core;
using PoseML.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Data.Formats;

/// <summary>Readers for the dataset files of VideoPose3D (Pavllo et al., 2019), the form in which users bring
/// Human3.6M: <c>data_3d_h36m.npz</c> (<c>positions_3d</c>: dict subject → action → float [frames, 32, 3] in
/// metres), <c>data_2d_h36m_&lt;detector&gt;.npz</c> (<c>positions_2d</c>: dict subject → action → list, one per
/// camera, of [frames, J, 2 or 3] pixels; <c>metadata</c>: <c>layout_name</c>, <c>num_joints</c>,
/// <c>keypoints_symmetry</c>), and plain <c>.npy</c> arrays such as predictions [frames, 17, 3]. Object arrays
/// are read by <see cref="SafeUnpickler"/>: nothing in the file is executed.
/// <para>32-joint Human3.6M poses become the 17-joint order of <see cref="Skeletons.Human36M17"/> exactly as
/// VideoPose3D's <c>Human36mDataset</c> does: joints <see cref="Human36M32RemovedJoints"/> are dropped, the
/// other 17 keep their order (<see cref="Human36M32KeptJoints"/>).</para>
/// <para>Rows: 3D files give Subject, Action, Camera = -1 (world frame), Frame (0-based within the action),
/// Pose3D float[17,3] in mm (values × <see cref="VideoPose3DReadOptions.Scale3D"/>); 2D files give Subject,
/// Action, Camera (index in the per-camera list, 0..3 for Human3.6M), Frame, Keypoints2D float[J,2] and
/// Confidence float[J] (the third channel, or with four channels Detectron's probability in the fourth, clamped to
/// [0, 1]; else 1; 0 where a coordinate is NaN).
/// Subjects and actions keep the file's (insertion) order.</para></summary>
public static class VideoPose3D
{
    /// <summary>The 32-joint Human3.6M joints VideoPose3D removes (<c>h36m_dataset.py</c>, <c>remove_static_joints</c>).</summary>
    public static ImmutableArray<int> Human36M32RemovedJoints { get; } = [4, 5, 9, 10, 11, 16, 20, 21, 22, 23, 24, 28, 29, 30, 31];

    /// <summary>The 32-joint indices of H36M-17's joints, in H36M-17 order: Hip 0, RHip 1, RKnee 2, RFoot 3,
    /// LHip 6, LKnee 7, LFoot 8, Spine 12, Thorax 13, Neck 14, Head 15, LShoulder 17, LElbow 18, LWrist 19,
    /// RShoulder 25, RElbow 26, RWrist 27.</summary>
    public static ImmutableArray<int> Human36M32KeptJoints { get; } =
        [.. Enumerable.Range(0, 32).Where(j => !Human36M32RemovedJoints.Contains(j))];

    /// <summary>Reads any VideoPose3D file: a <c>.npy</c> array (<see cref="ReadArray"/>), or a <c>.npz</c> holding
    /// <c>positions_3d</c> (<see cref="ReadPositions3D"/>) or <c>positions_2d</c> (<see cref="ReadPositions2D"/>).</summary>
    /// <exception cref="DataFormatException">Missing, malformed or unrecognised file; names the file and entry.</exception>
    /// <exception cref="UnsafePickleException">A pickle names a global outside the numpy whitelist.</exception>
    public static PoseSequenceDataView Read(string path, VideoPose3DReadOptions? options = null)
    {
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) return ReadArray(path, options);
        using (var npz = NpzFile.Open(path, (options ?? new()).Npy))
        {
            if (npz.Contains("positions_3d")) return Read3DCore(npz, options ?? new());
            if (npz.Contains("positions_2d")) return Read2DCore(npz, options ?? new());
            throw new DataFormatException(path, $"neither 'positions_3d' nor 'positions_2d' in the archive (it holds {string.Join(", ", npz.Names)}); expected a VideoPose3D data_3d_*.npz or data_2d_*.npz file");
        }
    }

    /// <summary>Reads <c>positions_3d</c> of a VideoPose3D 3D file: one sequence per subject and action,
    /// [frames, 32 or 17, 3] → Pose3D float[17,3] in mm, Camera -1.</summary>
    public static PoseSequenceDataView ReadPositions3D(string path, VideoPose3DReadOptions? options = null)
    {
        using var npz = NpzFile.Open(path, (options ?? new()).Npy);
        return Read3DCore(npz, options ?? new());
    }

    /// <summary>Reads <c>positions_2d</c> (and <c>metadata</c>) of a VideoPose3D 2D file: one sequence per subject,
    /// action and camera.</summary>
    public static PoseSequenceDataView ReadPositions2D(string path, VideoPose3DReadOptions? options = null)
    {
        using var npz = NpzFile.Open(path, (options ?? new()).Npy);
        return Read2DCore(npz, options ?? new());
    }

    /// <summary>Reads the <c>metadata</c> entry of a VideoPose3D 2D file; null when the archive has none.</summary>
    public static VideoPose3DMetadata? ReadMetadata(string path, VideoPose3DReadOptions? options = null)
    {
        using var npz = NpzFile.Open(path, (options ?? new()).Npy);
        return MetadataOf(npz);
    }

    /// <summary>Reads a plain <c>.npy</c> array [frames, J, C] (or one pose [J, C]) as one sequence with
    /// Subject = <see cref="VideoPose3DReadOptions.Subject"/> (default: the file name), Action =
    /// <see cref="VideoPose3DReadOptions.Action"/>, Camera -1. 3D arrays of 32 joints are reduced to 17 and scaled
    /// to mm; see <see cref="VideoPose3DArrayKind"/> for how C is read.</summary>
    public static PoseSequenceDataView ReadArray(string path, VideoPose3DReadOptions? options = null)
    {
        options ??= new();
        var array = Npy.Read(path, options.Npy);
        var subject = options.Subject ?? Path.GetFileNameWithoutExtension(path);
        var action = options.Action ?? "";
        var shape = array.Shape.Length == 2 ? [1, array.Shape[0], array.Shape[1]] : array.Shape.ToArray();
        if (shape.Length != 3 || !IsNumeric(array))
            throw new DataFormatException(path, $"expected a numeric array [frames, joints, 2, 3 or 4], found {array}", field: "shape");
        var channels = shape[2];
        var kind = options.ArrayKind == VideoPose3DArrayKind.Auto
            ? channels switch { 3 => VideoPose3DArrayKind.Pose3D, 4 => VideoPose3DArrayKind.Keypoints2DWithConfidence, _ => VideoPose3DArrayKind.Keypoints2D }
            : options.ArrayKind;
        var expectedChannels = kind == VideoPose3DArrayKind.Keypoints2D ? 2 : 3;
        if (channels != expectedChannels && !(kind == VideoPose3DArrayKind.Keypoints2DWithConfidence && channels == 4))
            throw new DataFormatException(path, $"a {kind} array needs {expectedChannels} values per joint, found shape ({string.Join(",", array.Shape)})", field: "shape");
        var info = (int frames) => new PoseSequenceInfo(subject, action, PoseColumns.NoCamera, frames);
        if (kind == VideoPose3DArrayKind.Pose3D)
            return new PoseSequenceDataView(Skeletons.Human36M17, 3, [Sequence3D(array, shape, info, path, options)]);
        var skeleton = Skeleton2D(options.Skeleton, null, shape[1], path);
        return new PoseSequenceDataView(skeleton, 2, [Sequence2D(array, shape, info(shape[0]), path, skeleton)]);
    }

    private static PoseSequenceDataView Read3DCore(NpzFile npz, VideoPose3DReadOptions options)
    {
        var root = ObjectDict(npz, "positions_3d");
        var sequences = new List<PoseSequence>();
        foreach (var (subject, actions) in Entries(root, npz.Path, "positions_3d"))
        {
            foreach (var (action, value) in Entries(actions, npz.Path, $"positions_3d['{subject}']"))
            {
                var field = $"positions_3d['{subject}']['{action}']";
                if (value is not NpyArray array || !IsNumeric(array) || array.Rank != 3)
                    throw new DataFormatException(npz.Path, $"expected a float array [frames, 32 or 17, 3], found {SafeUnpickler.Describe(value)}", field: field);
                sequences.Add(Sequence3D(array, array.Shape.ToArray(), n => new PoseSequenceInfo(subject, action, PoseColumns.NoCamera, n), npz.Path, options, field));
            }
        }
        return new PoseSequenceDataView(Skeletons.Human36M17, 3, sequences);
    }

    private static PoseSequenceDataView Read2DCore(NpzFile npz, VideoPose3DReadOptions options)
    {
        var metadata = MetadataOf(npz);
        var root = ObjectDict(npz, "positions_2d");
        var sequences = new List<PoseSequence>();
        Skeleton? skeleton = null;
        foreach (var (subject, actions) in Entries(root, npz.Path, "positions_2d"))
        {
            foreach (var (action, value) in Entries(actions, npz.Path, $"positions_2d['{subject}']"))
            {
                var cameras = value switch
                {
                    List<object?> list => list,
                    PickleTuple tuple => tuple.ToList(),
                    NpyArray { DType.Kind: NpyKind.Object } objects => [.. (object?[])objects.Data],
                    NpyArray single => [single],
                    _ => throw new DataFormatException(npz.Path, $"expected a list of per-camera arrays, found {SafeUnpickler.Describe(value)}", field: $"positions_2d['{subject}']['{action}']"),
                };
                for (var camera = 0; camera < cameras.Count; camera++)
                {
                    var field = $"positions_2d['{subject}']['{action}'][{camera}]";
                    if (cameras[camera] is not NpyArray array || !IsNumeric(array) || array.Rank != 3 || array.Shape[2] is not (2 or 3 or 4))
                        throw new DataFormatException(npz.Path, $"expected a float array [frames, joints, 2, 3 or 4], found {SafeUnpickler.Describe(cameras[camera])}", field: field);
                    skeleton ??= Skeleton2D(options.Skeleton, metadata, array.Shape[1], npz.Path);
                    if (metadata?.NumJoints is { } n && n != array.Shape[1])
                        throw new DataFormatException(npz.Path, $"array has {array.Shape[1]} joints, metadata num_joints says {n}", field: field);
                    sequences.Add(Sequence2D(array, array.Shape.ToArray(), new PoseSequenceInfo(subject, action, camera, array.Shape[0]), npz.Path, skeleton, field));
                }
            }
        }
        skeleton ??= Skeleton2D(options.Skeleton, metadata, metadata?.NumJoints ?? 17, npz.Path);
        return new PoseSequenceDataView(skeleton, 2, sequences);
    }

    private static VideoPose3DMetadata? MetadataOf(NpzFile npz)
    {
        if (!npz.Contains("metadata")) return null;
        var dict = ObjectDict(npz, "metadata");
        string? layout = null;
        int? joints = null;
        int[] left = [], right = [];
        if (dict.TryGetValue("layout_name", out var l))
            layout = l as string ?? throw new DataFormatException(npz.Path, $"expected a string, found {SafeUnpickler.Describe(l)}", field: "metadata['layout_name']");
        if (dict.TryGetValue("num_joints", out var n))
            joints = NpyArray.TryGetInt64(n, out var v) && v is > 0 and <= 1000 ? (int)v : throw new DataFormatException(npz.Path, $"expected a joint count, found {SafeUnpickler.Describe(n)}", field: "metadata['num_joints']");
        if (dict.TryGetValue("keypoints_symmetry", out var s))
        {
            var pair = IntLists(s);
            if (pair is null || pair.Count != 2)
                throw new DataFormatException(npz.Path, $"expected two lists of joint indices [left, right], found {SafeUnpickler.Describe(s)}", field: "metadata['keypoints_symmetry']");
            (left, right) = (pair[0], pair[1]);
        }
        return new VideoPose3DMetadata(layout, joints, left, right);
    }

    private static List<int[]>? IntLists(object? value)
    {
        try { return IntListsCore(value); }
        catch (InvalidCastException) { return null; } // e.g. a float array holding 0.5
    }

    private static List<int[]>? IntListsCore(object? value)
    {
        IEnumerable<object?>? outer = value switch
        {
            List<object?> list => list,
            PickleTuple t => t,
            NpyArray { DType.Kind: NpyKind.Object } a => (object?[])a.Data,
            NpyArray { Rank: 2 } a when IsNumeric(a) => Enumerable.Range(0, a.Shape[0]).Select(i => (object?)a.ToInt64Array().Skip(i * a.Shape[1]).Take(a.Shape[1]).Select(x => (object?)x).ToList()),
            _ => null,
        };
        if (outer is null) return null;
        var result = new List<int[]>();
        foreach (var item in outer)
        {
            IEnumerable<object?>? inner = item switch
            {
                List<object?> list => list,
                PickleTuple t => t,
                NpyArray a when IsNumeric(a) => a.ToInt64Array().Select(x => (object?)x),
                _ => null,
            };
            if (inner is null) return null;
            var ints = new List<int>();
            foreach (var x in inner)
            {
                if (!NpyArray.TryGetInt64(x, out var v) || v is < 0 or > int.MaxValue) return null;
                ints.Add((int)v);
            }
            result.Add([.. ints]);
        }
        return result;
    }

    private static PoseSequence Sequence3D(NpyArray array, int[] shape, Func<int, PoseSequenceInfo> info, string path, VideoPose3DReadOptions options, string? field = null)
    {
        var (frames, joints, channels) = (shape[0], shape[1], shape[2]);
        if (channels != 3 || joints is not (32 or 17))
            throw new DataFormatException(path, $"expected a 3D pose array [frames, 32 or 17, 3], found shape ({string.Join(",", array.Shape)})", field: field ?? "shape");
        var kept = joints == 32 ? Human36M32KeptJoints.ToArray() : Enumerable.Range(0, 17).ToArray();
        var (f32, f64) = Values(array);
        return new ArrayPoseSequence(info(frames), f32, f64, joints, channels, kept, 3, options.Scale3D);
    }

    private static PoseSequence Sequence2D(NpyArray array, int[] shape, PoseSequenceInfo info, string path, Skeleton skeleton, string? field = null)
    {
        var (joints, channels) = (shape[1], shape[2]);
        if (joints != skeleton.JointCount)
            throw new DataFormatException(path, $"array has {joints} joints, skeleton {skeleton.Name} has {skeleton.JointCount}", field: field ?? "shape");
        var (f32, f64) = Values(array);
        return new ArrayPoseSequence(info, f32, f64, joints, channels, Enumerable.Range(0, joints).ToArray(), 2, 1f);
    }

    private static (float[]?, double[]?) Values(NpyArray array) => array.Data switch
    {
        float[] f => (f, null),
        double[] d => (null, d),
        _ => (null, array.ToDoubleArray()),
    };

    private static Skeleton Skeleton2D(Skeleton? requested, VideoPose3DMetadata? metadata, int joints, string path)
    {
        if (requested is not null) return requested;
        var layout = metadata?.LayoutName?.ToLowerInvariant();
        Skeleton? byLayout = layout switch
        {
            "h36m" => Skeletons.Human36M17,
            "coco" => Skeletons.Coco17,
            "mpii" => Skeletons.Mpii16,
            _ => null,
        };
        if (byLayout is not null) return byLayout;
        if (layout is null && joints == 17) return Skeletons.Human36M17;
        if (layout is null && joints == 16) return Skeletons.Mpii16;
        throw new DataFormatException(path, layout is null
            ? $"cannot tell the skeleton of {joints}-joint keypoints without metadata; pass VideoPose3DReadOptions.Skeleton"
            : $"unknown keypoint layout '{metadata!.LayoutName}'; expected h36m, coco or mpii, or pass VideoPose3DReadOptions.Skeleton", field: "metadata['layout_name']");
    }

    private static bool IsNumeric(NpyArray a) => a.DType.Kind is NpyKind.Float or NpyKind.Int or NpyKind.UInt;

    private static PickleDict ObjectDict(NpzFile npz, string entry)
    {
        var array = npz.Read(entry);
        if (array.DType.Kind != NpyKind.Object || array.Length != 1 || array.Item() is not PickleDict dict)
            throw new DataFormatException(npz.Path, $"expected a pickled dict (a 0-d object array), found {(array.DType.Kind == NpyKind.Object && array.Length == 1 ? SafeUnpickler.Describe(array.Item()) : array.ToString())}", field: entry);
        return dict;
    }

    private static IEnumerable<(string Key, object? Value)> Entries(object? dict, string path, string field)
    {
        if (dict is not PickleDict d)
            throw new DataFormatException(path, $"expected a dict, found {SafeUnpickler.Describe(dict)}", field: field);
        foreach (var (key, value) in d)
        {
            var name = key switch
            {
                string s => s,
                long or System.Numerics.BigInteger => key.ToString()!,
                _ => throw new DataFormatException(path, $"expected string keys, found {SafeUnpickler.Describe(key)}", field: field),
            };
            yield return (name, value);
        }
    }
}
