// The colours of a forecast given the actuals (the posterior) and of the plan drawn beside it.
export const POSTERIOR_COLOR = '#3f6f9f';
export const PRIOR_COLOR = '#9aa1ab';
