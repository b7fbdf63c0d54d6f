using ChurnExperiments;

var experiment = new ChurnExperiment();
var data = experiment.Load(Path.Combine(AppContext.BaseDirectory, "Data", "customers.csv"));

experiment.TrainLogisticRegression(data);
experiment.CrossValidatePerceptron(data);
experiment.TrainLinearSvm(data);
try
{
    experiment.TrainLbfgs(data);
}
catch (ArgumentOutOfRangeException e)
{
    // What MLOPS404 warns about: the test set holds customers of one outcome only.
    Console.WriteLine($"L-BFGS could not be evaluated: {e.Message}");
}

if (experiment.BestRun() is { } best)
{
    Console.WriteLine($"Best recorded run: {best.Name ?? best.RunId} with AUC {best.GetMetric("AreaUnderRocCurve"):0.000}");
}
