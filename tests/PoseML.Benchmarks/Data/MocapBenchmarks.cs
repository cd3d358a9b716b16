using PoseML.Data;
using BenchmarkDotNet.Attributes;
using PoseML.Data.Catalog;
using PoseML.Data.Mocap.Asf;
using PoseML.Data.Mocap.Bvh;
using PoseML.Data.Mocap.Cmu;

namespace PoseML.Benchmarks.Data;

/// <summary>Reading and converting the shipped CMU takes: 01_01 as BVH (2.1 MB, 2752 frames at 120 fps)
/// and as ASF/AMC (2.2 MB). Run: <c>dotnet run -c Release --project tests/PoseML.Benchmarks -- --filter '*Mocap*'</c>.</summary>
[MemoryDiagnoser]
public class MocapBenchmarks
{
    private string _raw = "";
    private BvhFile _bvh = null!;
    private AmcMotion _amc = null!;

    [GlobalSetup]
    public void Setup()
    {
        _raw = Path.Combine(CmuSample.Folder, "raw");
        _bvh = BvhReader.Read(Path.Combine(_raw, "01_01.bvh"));
        _amc = AmcReader.Read(Path.Combine(_raw, "01_01.amc"), AsfReader.Read(Path.Combine(_raw, "01.asf")));
    }

    [Benchmark(Description = "BVH parse 01_01 (2752 frames × 186 channels)")]
    public BvhFile ParseBvh() => BvhReader.Read(Path.Combine(_raw, "01_01.bvh"));

    [Benchmark(Description = "BVH → H36M-17 at 120 fps (FK on every frame)")]
    public int ConvertBvhAllFrames() => CmuMocap.FromBvh(_bvh, new CmuConversionOptions { FrameRate = 120 }).FrameCount;

    [Benchmark(Description = "AMC parse 01_01 (2751 frames)")]
    public AmcMotion ParseAmc() => AmcReader.Read(Path.Combine(_raw, "01_01.amc"), _amc.Skeleton);

    [Benchmark(Description = "AMC → H36M-17 at 120 fps (FK on every frame)")]
    public int ConvertAmcAllFrames() => CmuMocap.FromAmc(_amc, new CmuConversionOptions { FrameRate = 120 }).FrameCount;
}
