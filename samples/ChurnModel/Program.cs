using System;
using System.IO;
using ChurnModel;

var dataPath = Path.Combine(AppContext.BaseDirectory, "Data", "customers.csv");
var metrics = new ChurnTrainer().TrainAndPublish(dataPath);
Console.WriteLine($"AUC: {metrics.AreaUnderRocCurve:0.000}  F1: {metrics.F1Score:0.000}");

var predictor = new ChurnPredictor();
var customer = new Customer { Tenure = 3, MonthlyCharges = 95, SupportCalls = 4, Contract = "Monthly" };
var prediction = predictor.Predict(customer);
Console.WriteLine($"Churn probability of a 3-month monthly customer with 4 support calls: {prediction.Probability:0.00} (churns: {prediction.WillChurn})");
