using PoseML.Core;
using PoseML.Nn.Modules;
using PoseML.Nn.Serialization;

namespace PoseML.Tests.Nn.Serialization;

[TestClass]
public sealed class ModuleSafeTensorsTests
{
    [TestMethod]
    public void SaveThenLoad_RestoresParametersAndBuffersIncludingI64Counter()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-st-");
        try
        {
            var random = new Random(1);
            var a = new Sequential(new Linear(3, 4, random), new BatchNorm1d(4));
            a.Forward(Modules.GradientCheck.Random(1, 5, 3));
            a.Forward(Modules.GradientCheck.Random(2, 5, 3)); // running stats and num_batches_tracked = 2
            var path = Path.Combine(dir.FullName, "m.safetensors");
            a.SaveSafeTensors(path, new Dictionary<string, string> { ["stage"] = "test" });
            var b = new Sequential(new Linear(3, 4, new Random(9)), new BatchNorm1d(4));
            var metadata = b.LoadSafeTensors(path);
            Assert.AreEqual("test", metadata["stage"]);
            Assert.AreEqual(2L, ((BatchNorm1d)b[1]).NumBatchesTracked);
            foreach (var (name, t) in a.StateDict())
            {
                var other = b.StateDict()[name];
                if (t.Floats is not null) CollectionAssert.AreEqual(t.Floats, other.Floats, name);
                else CollectionAssert.AreEqual(t.Integers, other.Integers, name);
            }
            Assert.AreEqual(1, dir.GetFiles().Length, "no temporary file left behind");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void LoadFromMissingFile_NamesTheKeyAndFile()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-st-");
        try
        {
            var path = Path.Combine(dir.FullName, "small.safetensors");
            new Linear(3, 4, new Random(1)).SaveSafeTensors(path);
            var e = Assert.ThrowsExactly<DataFormatException>(() => new Sequential(new Linear(3, 4, new Random(1))).LoadSafeTensors(path));
            StringAssert.Contains(e.Message, path);
            Assert.AreEqual("0.weight", e.Field);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
