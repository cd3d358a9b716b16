using PoseML.Nn;

namespace PoseML.Tests.Nn.Kernels;

[TestClass]
public sealed class TensorPoolTests
{
    [TestMethod]
    public void Rent_ReturnsPowerOfTwoArrayAtLeastAsLong()
    {
        var pool = new TensorPool();
        foreach (var length in new[] { 0, 1, 16, 17, 1000, 1024, 1025 })
        {
            var array = pool.Rent(length);
            Assert.IsGreaterThanOrEqualTo(length, array.Length);
            Assert.AreEqual(0, array.Length & (array.Length - 1), $"length {array.Length} is a power of two");
            Assert.IsLessThan(Math.Max(32, 2 * length), array.Length);
        }
    }

    [TestMethod]
    public void Return_ThenRent_ReusesTheSameArray_AndClearsOnRequest()
    {
        var pool = new TensorPool();
        var first = pool.Rent(100);
        first[5] = 42f;
        pool.Return(first);
        var again = pool.Rent(120);
        Assert.AreSame(first, again);
        Assert.AreEqual(42f, again[5]);
        pool.Return(again);
        var cleared = pool.Rent(128, clear: true);
        Assert.AreSame(first, cleared);
        Assert.IsTrue(cleared.All(v => v == 0f));
    }

    [TestMethod]
    public void RentTensor_WrapsPooledArray_AndReturnRecyclesIt()
    {
        var pool = new TensorPool();
        var t = pool.RentTensor([3, 5], clear: true);
        CollectionAssert.AreEqual(new[] { 3, 5 }, t.Shape);
        Assert.AreEqual(15, t.Length);
        Assert.AreEqual(16, t.Data.Length);
        var data = t.Data;
        pool.Return(t);
        Assert.AreSame(data, pool.RentTensor([4, 4]).Data);
    }

    [TestMethod]
    public void Return_KeepsAtMostTheConfiguredCount_AndIgnoresForeignSizes()
    {
        var pool = new TensorPool(maxRetainedPerSize: 1);
        var a = new float[64];
        var b = new float[64];
        pool.Return(a);
        pool.Return(b);
        pool.Return(new float[100]);
        Assert.AreSame(a, pool.Rent(64));
        Assert.AreNotSame(b, pool.Rent(64));
        Assert.AreEqual(128, pool.Rent(100).Length);
    }

    [TestMethod]
    public void SteadyStateRentReturn_AllocatesNothing()
    {
        var pool = new TensorPool();
        pool.Return(pool.Rent(4096));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) pool.Return(pool.Rent(4000));
        Assert.AreEqual(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
