using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation.Protocols;

namespace PoseML.Tests.Stages.RarePose;

[TestClass]
public sealed class CrossActionProtocolTests
{
    private static InMemoryDataView Data()
    {
        string[] subjects = ["S1", "S1", "S1", "S9", "S9", "S11", "S5"];
        string[] actions = ["Walk", "Walk 2", "WalkDog", "Walk", "Eat", "Sit 1", "Eat"];
        return new DataViewBuilder().AddText(PoseColumns.Subject, subjects).AddText(PoseColumns.Action, actions)
            .AddInt(PoseColumns.Frame, Enumerable.Range(0, 7).ToArray()).Build();
    }

    [TestMethod]
    [DataRow("Walk", "Walk", true)]
    [DataRow("Walk 2", "Walk", true)]
    [DataRow("Walk 01", "Walk", true)]
    [DataRow("WalkDog", "Walk", false)]
    [DataRow("Walk ", "Walk", false)]
    [DataRow("walk", "Walk", false)]
    public void IsAction_MatchesNameAndItsTakesOnly(string action, string train, bool expected) =>
        Assert.AreEqual(expected, CrossActionProtocol.IsAction(action, train));

    [TestMethod]
    public void Split_TrainsOnOneActionOfTrainSubjects_TestsOnAllActionsOfTestSubjects()
    {
        var (train, test) = CrossActionProtocol.Split(Data(), "Walk", ["S1", "S5"], ["S9", "S11"]);
        CollectionAssert.AreEqual(new[] { 0, 1 }, train.ReadInts(PoseColumns.Frame));
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, test.ReadInts(PoseColumns.Frame));
        var (allTrain, allTest) = CrossActionProtocol.Split(Data(), "Eat");
        CollectionAssert.AreEqual(new[] { 4, 6 }, allTrain.ReadInts(PoseColumns.Frame));
        Assert.AreEqual(7, allTest.CountRows());
    }

    [TestMethod]
    public void Split_RejectsUnknownActionAndOverlappingSubjects()
    {
        var error = Assert.ThrowsExactly<InvalidOptionException>(() => CrossActionProtocol.Split(Data(), "Jump"));
        StringAssert.Contains(error.Message, "WalkDog");
        Assert.ThrowsExactly<InvalidOptionException>(() => CrossActionProtocol.Split(Data(), "Walk", ["S1"], ["S1", "S9"]));
    }
}
