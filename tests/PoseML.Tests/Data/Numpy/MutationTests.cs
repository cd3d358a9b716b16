using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Tests.Data.Numpy;

/// <summary>Seeded byte mutations of real fixtures: a reader may succeed or throw a PoseML error, never
/// anything else (no IndexOutOfRange, InvalidCast, Overflow or OutOfMemory escaping).</summary>
[TestClass]
public sealed class MutationTests
{
    private const int Mutations = 300;

    private static IEnumerable<byte[]> Mutants(string fixture, int seed)
    {
        var original = File.ReadAllBytes(NpzFixtures.Path(fixture));
        var rng = new Random(seed);
        for (var i = 0; i < Mutations; i++)
        {
            var bytes = (byte[])original.Clone();
            switch (rng.Next(3))
            {
                case 0: bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256); break;
                case 1:
                    for (var k = 0; k < 4; k++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                default: bytes = bytes[..rng.Next(bytes.Length)]; break;
            }
            yield return bytes;
        }
    }

    private static void ExpectOnlyPoseMLErrors(Action read, int index)
    {
        try { read(); }
        catch (PoseMLException) { }
        catch (Exception e) { Assert.Fail($"mutant {index}: {e.GetType().Name} escaped: {e.Message}"); }
    }

    [TestMethod]
    [DataRow("sample_p2.pkl")]
    [DataRow("sample_p3.pkl")]
    [DataRow("sample_p4.pkl")]
    [DataRow("sample_p5.pkl")]
    [DataRow("numpy2_p5.pkl")]
    public void MutatedPickles_FailOnlyWithPoseMLErrors(string fixture)
    {
        var i = 0;
        foreach (var bytes in Mutants(fixture, fixture.GetHashCode(StringComparison.Ordinal) & 0xffff))
        {
            var index = i++;
            ExpectOnlyPoseMLErrors(() => SafeUnpickler.Load(bytes, "mutant.pkl"), index);
        }
    }

    [TestMethod]
    [DataRow("f4_c.npy")]
    [DataRow("f8_fortran_3d.npy")]
    [DataRow("object_dict.npy")]
    [DataRow("unicode.npy")]
    public void MutatedNpyFiles_FailOnlyWithPoseMLErrors(string fixture)
    {
        var i = 0;
        foreach (var bytes in Mutants(fixture, 17))
        {
            var index = i++;
            ExpectOnlyPoseMLErrors(() => Npy.Read(new MemoryStream(bytes), "mutant.npy"), index);
        }
    }

    [TestMethod]
    [DataRow("data_2d_small.npz")]
    [DataRow("data_3d_small.npz")]
    public void MutatedNpzFiles_FailOnlyWithPoseMLErrors(string fixture)
    {
        var i = 0;
        foreach (var bytes in Mutants(fixture, 23).Take(120))
        {
            var index = i++;
            var path = NpzFixtures.TempCopy(fixture, _ => bytes);
            ExpectOnlyPoseMLErrors(() => VideoPose3D.Read(path).ReadFloatsOfPose(), index);
        }
    }
}

internal static class PoseSequenceDataViewTestExtensions
{
    public static float[] ReadFloatsOfPose(this PoseSequenceDataView view) => PoseML.Data.View.DataViews.ReadFloats(view, view.PoseColumn);
}
